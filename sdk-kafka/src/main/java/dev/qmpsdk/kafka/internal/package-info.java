/** The small reactive adapter over kafka-clients (poll threads, pause/resume, offsets) and the command plumbing. */
@NullMarked
package dev.qmpsdk.kafka.internal;

import org.jspecify.annotations.NullMarked;
