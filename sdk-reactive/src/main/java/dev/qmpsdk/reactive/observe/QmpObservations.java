package dev.qmpsdk.reactive.observe;

import dev.qmpsdk.core.QmpCommandException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link Observation} per command, named {@value #NAME} (needs {@code io.micrometer:micrometer-observation},
 * an optional dependency of the SDK). Its parent is the observation in the caller's Reactor context under
 * {@value #PARENT_KEY} (what Micrometer's context propagation and Reactor's {@code tap}/{@code contextCapture} put there),
 * so a tracing bridge makes each command a span of the caller's trace. Low-cardinality key values: {@code qmp.command},
 * {@code qmp.outcome}, {@code qmp.error.class}; high-cardinality: {@code qmp.vm}, {@code qmp.id} and the configured
 * context keys.
 *
 * <pre>{@code
 * QmpObservability.builder().observer(QmpObservations.of(observationRegistry)).build();
 * }</pre>
 */
public final class QmpObservations implements QmpObserver {
    /** The observation's name. */
    public static final String NAME = "qmp.command";
    /** Where the parent observation is looked up in the Reactor context ({@code ObservationThreadLocalAccessor.KEY}). */
    public static final String PARENT_KEY = "micrometer.observation";

    private final ObservationRegistry registry;

    private QmpObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    public static QmpObservations of(ObservationRegistry registry) {
        return new QmpObservations(registry);
    }

    /** Names, outcomes and durations only: no request is redacted for these meters. */
    @Override
    public boolean wantsRequests() {
        return false;
    }

    @Override
    public @Nullable Object commandStarted(ObservedCommand command) {
        Observation parent = command.reactorContext().getOrDefault(PARENT_KEY, null);
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("qmp " + command.name())
                .parentObservation(parent)
                .lowCardinalityKeyValue("qmp.command", command.name())
                .highCardinalityKeyValue("qmp.vm", command.vmId());
        for (Map.Entry<String, String> e : command.context().entrySet()) {
            observation.highCardinalityKeyValue(e.getKey(), e.getValue());
        }
        return observation.start();
    }

    @Override
    public void commandEnded(ObservedCommand command, @Nullable Object state, CommandOutcome outcome, @Nullable Throwable failure,
                             long nanos) {
        if (!(state instanceof Observation observation)) {
            return;
        }
        observation.lowCardinalityKeyValue("qmp.outcome", outcome.tag())
                .lowCardinalityKeyValue("qmp.error.class", failure instanceof QmpCommandException e ? e.errorClass() : "none")
                .highCardinalityKeyValue("qmp.id", Long.toString(command.id()));
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    @Override
    public String toString() {
        return "QmpObservations{" + registry + "}";
    }
}
