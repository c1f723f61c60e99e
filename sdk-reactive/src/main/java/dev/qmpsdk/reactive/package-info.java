/**
 * The reactive QMP client: {@link dev.qmpsdk.reactive.QmpClient} (one monitor, or one VM of a
 * {@link dev.qmpsdk.reactive.QmpFleet}), its {@link dev.qmpsdk.reactive.QmpClientOptions}, accept mode
 * ({@link dev.qmpsdk.reactive.QmpListener}) and the fleet. Nothing is null unless marked {@code @Nullable}.
 *
 * <pre>{@code
 * QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(Path.of("/run/vm1.qmp")).build()).block();
 * }</pre>
 */
@NullMarked
package dev.qmpsdk.reactive;

import org.jspecify.annotations.NullMarked;
