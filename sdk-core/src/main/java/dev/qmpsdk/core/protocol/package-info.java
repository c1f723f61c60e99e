/**
 * QMP messages without a transport: the codec of whole messages, command descriptors, events and their registry,
 * greetings, replies, framing by JSON value and reply ids read from raw bytes.
 */
@NullMarked
package dev.qmpsdk.core.protocol;

import org.jspecify.annotations.NullMarked;
