package dev.qmpsdk.core.protocol;

/**
 * One complete QMP message: a {@link QmpGreeting}, a {@link QmpRequest}, a {@link QmpReply} or a
 * {@link QmpEvent}. {@link QmpCodec#decodeMessage(byte[])} tells them apart by their keys.
 */
public interface QmpMessage {}
