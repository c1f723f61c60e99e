package dev.qmpsdk.reactive;

/**
 * Counters of one connection, for dashboards and tests.
 *
 * <pre>{@code
 * QmpClientStats s = qmp.stats();
 * log.info("{} requests written, {} waiting bytes", s.commandsSent(), s.queuedRequestBytes());
 * }</pre>
 *
 * @param commandsSent requests handed to the transport to be written
 * @param repliesReceived replies matched to a pending command
 * @param unknownIdReplies replies whose id matches no pending command (late replies of timed-out or cancelled
 *     commands, or a confused server); logged and dropped
 * @param eventsReceived events decoded
 * @param droppedEvents events dropped by subscribers' overflow policies
 * @param protocolErrors malformed messages, broken messages (cut by a newline) and garbage runs skipped
 * @param requestsDroppedUnsent requests that waited for the server to read and were dropped before being written,
 *     because their callers had given up (timeout, cancellation) or the connection ended
 * @param queuedRequestBytes bytes of requests waiting now for the server to read (at most
 *     {@link QmpClientOptions#maxQueuedRequestBytes()}), besides the transport's own write buffer of 64 KiB
 */
public record QmpClientStats(long commandsSent, long repliesReceived, long unknownIdReplies, long eventsReceived, long droppedEvents,
        long protocolErrors, long requestsDroppedUnsent, long queuedRequestBytes) {}
