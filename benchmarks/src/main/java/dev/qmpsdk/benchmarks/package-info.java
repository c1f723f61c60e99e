/**
 * The benchmark suite behind {@code BENCHMARKS.md}: every scenario runs the SDK and a raw baseline in one run.
 */
@NullMarked
package dev.qmpsdk.benchmarks;

import org.jspecify.annotations.NullMarked;
