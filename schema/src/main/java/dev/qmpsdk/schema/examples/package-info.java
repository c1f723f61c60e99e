/**
 * Extracts the {@code ->}/{@code <-} wire examples of the seed documents into the conformance corpus of
 * {@code sdk-core}'s tests (a build-time tool, run by {@code tools/extract-examples}).
 */
@NullMarked
package dev.qmpsdk.schema.examples;

import org.jspecify.annotations.NullMarked;
