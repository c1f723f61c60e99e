/**
 * Observability of QMP connections, all off by default and free when off: a {@link dev.qmpsdk.reactive.observe.QmpObserver}
 * sees every command (with its Reactor context), message, event, drop and state change of the connections whose
 * {@link dev.qmpsdk.reactive.observe.QmpObservability} lists it. Built on it: Micrometer metrics
 * ({@link dev.qmpsdk.reactive.observe.QmpMicrometerMetrics}, needs {@code micrometer-core}), one Micrometer
 * {@code Observation} per command ({@link dev.qmpsdk.reactive.observe.QmpObservations}, needs
 * {@code micrometer-observation}), the redacted wire log ({@link dev.qmpsdk.reactive.observe.QmpWireLog}) and the audit
 * trail ({@link dev.qmpsdk.reactive.observe.QmpAuditTrail}). Secrets are taken out by
 * {@link dev.qmpsdk.reactive.observe.Redaction} before any text leaves the SDK. Micrometer is an optional dependency:
 * only the two Micrometer classes need it.
 *
 * <pre>{@code
 * QmpAuditTrail audit = QmpAuditTrail.create();
 * QmpObservability obs = QmpObservability.builder()
 *         .observer(QmpMicrometerMetrics.of(registry))
 *         .observer(audit)
 *         .wireLog(true)
 *         .build();
 * QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(socket).observability(obs).build()).block();
 * }</pre>
 */
@NullMarked
package dev.qmpsdk.reactive.observe;

import org.jspecify.annotations.NullMarked;
