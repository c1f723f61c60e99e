package dev.qmpsdk.reactive;

/**
 * Counters of one connection, for dashboards and tests.
 *
 * @param commandsSent requests written
 * @param repliesReceived replies matched to a pending command
 * @param unknownIdReplies replies whose id matches no pending command (late replies of timed-out or cancelled
 *     commands, or a confused server); logged and dropped
 * @param eventsReceived events decoded
 * @param droppedEvents events dropped by subscribers' overflow policies
 * @param protocolErrors malformed messages and garbage runs skipped
 */
public record QmpClientStats(long commandsSent, long repliesReceived, long unknownIdReplies, long eventsReceived, long droppedEvents,
        long protocolErrors) {}
