/**
 * What the generated readers and writers share: the decode context (tolerant or strict), JSON helpers, members
 * buffered before a union's discriminator, members a newer server did not send, integer ranges, open enums.
 */
@NullMarked
package dev.qmpsdk.core.codec;

import org.jspecify.annotations.NullMarked;
