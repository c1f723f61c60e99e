/**
 * The guest agent's protocol, not an API: {@link dev.qmpsdk.reactive.qga.internal.QgaSession} (synchronisation,
 * one command at a time, readiness and reconnection) and {@link dev.qmpsdk.reactive.qga.internal.QgaCommand}. Nothing
 * is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.qmpsdk.reactive.qga.internal;

import org.jspecify.annotations.NullMarked;
