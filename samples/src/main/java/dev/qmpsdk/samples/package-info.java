/**
 * The {@code qmp} command line, the live demo, the codec tour and the README's examples (compiled and tested).
 */
@NullMarked
package dev.qmpsdk.samples;

import org.jspecify.annotations.NullMarked;
