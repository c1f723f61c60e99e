/**
 * A selector-based fake QMP server (one thread, its own JVM) for the scenarios with thousands of connections.
 */
@NullMarked
package dev.qmpsdk.benchmarks.fake;

import org.jspecify.annotations.NullMarked;
