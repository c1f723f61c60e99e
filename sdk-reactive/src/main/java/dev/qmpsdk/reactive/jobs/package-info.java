/**
 * Block jobs and migration as streams that always end: {@link dev.qmpsdk.reactive.jobs.QmpJobs} starts a job on any
 * {@link dev.qmpsdk.reactive.QmpConnection} and returns a {@code Flux} of typed progress
 * ({@link dev.qmpsdk.reactive.jobs.BlockJobProgress}, {@link dev.qmpsdk.reactive.jobs.MigrationProgress}) that ends
 * in exactly one terminal state: completed, cancelled, or an error carrying QEMU's message.
 *
 * <pre>{@code
 * QmpJobs.on(qmp).backup(DriveBackup.of(b -> b.device("disk0").target("/backup/disk0.qcow2").format("qcow2")
 *         .sync(MirrorSyncMode.FULL))).subscribe(p -> log.info("{}", p));
 * }</pre>
 */
@NullMarked
package dev.qmpsdk.reactive.jobs;

import org.jspecify.annotations.NullMarked;
