/**
 * The SDK's exceptions: {@link dev.qmpsdk.core.QmpException} and one subclass per kind of failure.
 */
@NullMarked
package dev.qmpsdk.core;

import org.jspecify.annotations.NullMarked;
