/**
 * The machinery behind the public client, not an API: {@link dev.qmpsdk.reactive.internal.QmpSession} (one
 * connection's protocol), the facades over it, the pipeline's handlers, pending commands and event delivery. Nothing
 * is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.qmpsdk.reactive.internal;

import org.jspecify.annotations.NullMarked;
