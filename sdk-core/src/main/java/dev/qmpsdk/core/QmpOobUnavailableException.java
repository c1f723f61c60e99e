package dev.qmpsdk.core;

/**
 * A command was asked to run out of band ({@code exec-oob}) on a connection where out-of-band execution was not
 * negotiated: the server did not offer the {@code oob} capability, or the client was configured not to ask for it
 * ({@code QmpClientOptions.Builder.requestOob(false)}). Nothing was sent.
 *
 * <pre>{@code
 * try {
 *     qmp.executeRawOob("yank", args).block();
 * } catch (QmpOobUnavailableException e) {
 *     qmp.executeRaw("yank", args).block();   // in band, behind whatever the monitor is busy with
 * }
 * }</pre>
 */
public class QmpOobUnavailableException extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpOobUnavailableException(String message) {
        super(message);
    }
}
