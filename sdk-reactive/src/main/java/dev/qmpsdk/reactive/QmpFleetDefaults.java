package dev.qmpsdk.reactive;

/**
 * Settings a {@link QmpFleet} applies to every VM it adds whose {@link QmpClientOptions} leave them unset; a VM's own
 * options override them ({@code QmpClientOptions...checkAgainstServer(false)} exempts one VM). Immutable; each step
 * returns a changed copy.
 *
 * <pre>{@code
 * QmpFleet fleet = QmpFleet.create(QmpFleetDefaults.NONE.checkAgainstServer(true));
 * fleet.add("web-1", QmpClientOptions.unix(web1).build());                                  // checked
 * fleet.add("legacy", QmpClientOptions.unix(legacy).checkAgainstServer(false).build());     // not checked
 * }</pre>
 */
public final class QmpFleetDefaults {
    /** No fleet-wide settings: every VM runs with its own options as given. */
    public static final QmpFleetDefaults NONE = new QmpFleetDefaults(QmpClientOptions.DEFAULT_CHECK_AGAINST_SERVER);

    private final boolean checkAgainstServer;

    private QmpFleetDefaults(boolean checkAgainstServer) {
        this.checkAgainstServer = checkAgainstServer;
    }

    /**
     * Whether each VM checks commands against its server's schema before sending them (see
     * {@link QmpClientOptions.Builder#checkAgainstServer(boolean)}), unless its options say otherwise.
     */
    public QmpFleetDefaults checkAgainstServer(boolean value) {
        return new QmpFleetDefaults(value);
    }

    /** The fleet-wide {@code checkAgainstServer}. */
    public boolean checkAgainstServer() {
        return checkAgainstServer;
    }

    /** The VM's options with these defaults filled in where the VM's options did not set them. */
    QmpClientOptions applyTo(QmpClientOptions options) {
        return options.checkAgainstServerSet() ? options : options.mutate().checkAgainstServer(checkAgainstServer).build();
    }

    @Override
    public String toString() {
        return "QmpFleetDefaults{checkAgainstServer=" + checkAgainstServer + "}";
    }
}
