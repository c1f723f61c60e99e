package dev.qmpsdk.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and certificates made at test time (never committed), in the PEM layout QEMU's {@code tls-creds-x509} reads:
 * {@code ca-cert.pem}, {@code server-cert.pem}, {@code server-key.pem} in a credentials directory, plus a client's
 * certificate and PKCS#8 key for {@code QmpClientOptions.tlsPem}. RSA 2048, the extensions GnuTLS insists on (a CA
 * with basic constraints and keyCertSign; end entities with digitalSignature and keyEncipherment and their purpose);
 * the server certificate names {@code 127.0.0.1} and {@code localhost}.
 *
 * <pre>{@code
 * TestCertificates.Ca ca = TestCertificates.ca("test CA");
 * Path qemuDir = ca.serverDirectory(dir.resolve("qemu"));
 * TestCertificates.Client client = ca.client(dir.resolve("client"));
 * }</pre>
 */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {}

    /** A client's files. */
    record Client(Path certificate, Path key) {}

    /** A certificate authority that signs servers and clients. */
    record Ca(String name, KeyPair keys, X509Certificate certificate) {
        /** {@code ca-cert.pem}, {@code server-cert.pem} and {@code server-key.pem} in {@code directory} (created). */
        Path serverDirectory(Path directory) {
            KeyPair server = rsa();
            X509Certificate cert = sign(this, "CN=127.0.0.1", server, false, KeyPurposeId.id_kp_serverAuth,
                    new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}));
            write(directory.resolve("ca-cert.pem"), pem("CERTIFICATE", encoded(certificate)));
            write(directory.resolve("server-cert.pem"), pem("CERTIFICATE", encoded(cert)));
            write(directory.resolve("server-key.pem"), pem("PRIVATE KEY", server.getPrivate().getEncoded()));
            return directory;
        }

        /** This CA's certificate as {@code file}, for a client's trust. */
        Path caFile(Path file) {
            write(file, pem("CERTIFICATE", encoded(certificate)));
            return file;
        }

        /** A client certificate and key signed by this CA, in {@code directory} (created). */
        Client client(Path directory) {
            KeyPair client = rsa();
            X509Certificate cert = sign(this, "CN=qmp-sdk test client", client, false, KeyPurposeId.id_kp_clientAuth, null);
            Path certFile = write(directory.resolve("client-cert.pem"), pem("CERTIFICATE", encoded(cert)));
            Path keyFile = write(directory.resolve("client-key.pem"), pem("PRIVATE KEY", client.getPrivate().getEncoded()));
            return new Client(certFile, keyFile);
        }
    }

    /** A new self-signed CA. */
    static Ca ca(String commonName) {
        KeyPair keys = rsa();
        Ca unsigned = new Ca(commonName, keys, null);
        return new Ca(commonName, keys, sign(unsigned, "CN=" + commonName, keys, true, null, null));
    }

    private static X509Certificate sign(Ca issuer, String subject, KeyPair subjectKeys, boolean isCa, KeyPurposeId purpose,
                                        GeneralNames altNames) {
        try {
            Instant now = Instant.now();
            X500Name issuerName = new X500Name("CN=" + issuer.name());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            PrivateKey signer = issuer.keys().getPrivate();
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the test certificate " + subject, e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
