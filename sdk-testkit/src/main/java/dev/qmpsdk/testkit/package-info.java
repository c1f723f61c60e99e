/**
 * Test support for QMP clients: {@link dev.qmpsdk.testkit.FakeQmpServer}, an in-process scripted QMP server
 * for the faults a real QEMU cannot be made to produce (unknown ids, garbage, partial frames, hangs,
 * disconnects mid-reply, event floods), and {@link dev.qmpsdk.testkit.QemuProcess}, a real QEMU
 * ({@code -machine none}) started, paused, resumed and killed by the test.
 *
 * <p>Depends on {@code qmp-sdk-core} only, so that any transport's tests can use it.
 */
@NullMarked
package dev.qmpsdk.testkit;

import org.jspecify.annotations.NullMarked;
