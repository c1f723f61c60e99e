package dev.qmpsdk.reactive.observe;

/** Which way a message went: {@code ->} to the server, {@code <-} from it (the arrows of QEMU's own docs). */
public enum WireDirection {
    /** Client to server: a request. */
    OUT("->"),
    /** Server to client: a reply, an event, a greeting. */
    IN("<-");

    private final String arrow;

    WireDirection(String arrow) {
        this.arrow = arrow;
    }

    /** {@code ->} or {@code <-}. */
    public String arrow() {
        return arrow;
    }
}
