package dev.qmpsdk.reactive.qga;

/**
 * Where a guest agent client stands, as {@link QgaConnection#states()} reports it. A client cycles through
 * {@code WAITING → SYNCING → READY} each time the agent (re)appears, until it is closed.
 *
 * <pre>{@code
 * agent.states().subscribe(s -> log.info("guest agent: {}", s));
 * }</pre>
 */
public enum QgaState {
    /** No connection to the agent: the socket is missing or refuses, or the agent went away; retried with backoff. */
    WAITING,
    /** Connected; {@code guest-sync-delimited} sent with a fresh id, not answered yet (an agent that is not up yet
     * inside the guest leaves it unanswered: it is sent again after each sync timeout). */
    SYNCING,
    /** In step with the agent: commands are sent, one at a time. */
    READY,
    /** Closed by {@link QgaConnection#close()}. */
    CLOSED,
    /** Ended by an error: {@code connect()} found no agent before its deadline. */
    FAILED;

    /** True for the states after which nothing more happens. */
    public boolean isTerminal() {
        return this == CLOSED || this == FAILED;
    }
}
