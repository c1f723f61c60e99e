package dev.qmpsdk.kafka;

import java.util.regex.Pattern;

/** Remote VM ids ({@code host/vm}) and host names, which also name topics and must therefore be topic-safe. */
final class RemoteVmId {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private RemoteVmId() {}

    static String of(String host, String vmId) {
        return host + "/" + vmId;
    }

    static String checkHost(String host) {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host name '" + host + "' must be 1 to 200 of [A-Za-z0-9._-]: it names the host's request topic");
        }
        return host;
    }

    /** {@code [host, vm]} of {@code host/vm}. */
    static String[] split(String remoteVmId) {
        int slash = remoteVmId.indexOf('/');
        if (slash <= 0 || slash == remoteVmId.length() - 1) {
            throw new IllegalArgumentException("remote VM id '" + remoteVmId + "' must be host/vm (e.g. host-3/vm-17)");
        }
        String host = checkHost(remoteVmId.substring(0, slash));
        return new String[] {host, remoteVmId.substring(slash + 1)};
    }
}
