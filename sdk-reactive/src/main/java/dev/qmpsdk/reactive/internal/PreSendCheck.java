package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpUnsupportedCommandException;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.introspection.SchemaEntity.Command;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpGreeting;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One connection's check of commands against its server's schema before they are sent (the client option
 * {@code checkAgainstServer}): a command or argument member the server does not list is refused with a
 * {@link QmpUnsupportedCommandException}; what it marks deprecated is logged once per connection.
 *
 * <pre>{@code
 * check.require(schema, request);   // throws, or returns and the request is sent
 * }</pre>
 */
final class PreSendCheck {
    private static final Logger LOG = Loggers.getLogger(PreSendCheck.class);

    private final QmpCodec codec;
    private final String peer;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Counts every deprecated use (metrics); null when the connection is not observed. */
    private final @Nullable SessionObserver observer;

    PreSendCheck(QmpCodec codec, String peer) {
        this(codec, peer, null);
    }

    PreSendCheck(QmpCodec codec, String peer, @Nullable SessionObserver observer) {
        this.codec = codec;
        this.peer = peer;
        this.observer = observer;
    }

    void require(ServerSchema schema, @Nullable QmpGreeting greeting, Request<?> request) {
        String version = greeting == null ? "unknown" : greeting.version();
        Optional<Command> command = schema.command(request.name());
        if (command.isEmpty()) {
            throw new QmpUnsupportedCommandException(request.name(), null, version);
        }
        warnIfDeprecated(request.name(), command.get().features().deprecated(), version);
        countIfDeprecated(request.name(), null, command.get().features().deprecated());
        Set<String> members;
        try {
            members = request.argumentMembers(codec);
        } catch (IOException e) {
            throw new QmpProtocolException("arguments of " + request.name(), null, "cannot be written to check them: " + e.getMessage(), e);
        }
        for (String member : members) {
            Optional<ObjectMember> m = schema.argument(request.name(), member);
            if (m.isEmpty()) {
                throw new QmpUnsupportedCommandException(request.name(), member, version);
            }
            warnIfDeprecated(request.name() + " argument " + member, m.get().features().deprecated(), version);
            countIfDeprecated(request.name(), member, m.get().features().deprecated());
        }
    }

    private void countIfDeprecated(String command, @Nullable String member, boolean deprecated) {
        if (deprecated && observer != null) {
            observer.deprecatedUse(command, member);
        }
    }

    private void warnIfDeprecated(String what, boolean deprecated, String version) {
        if (deprecated && warned.add(what)) {
            LOG.warn("{} is deprecated by the server at {} (QEMU {}): a later QEMU may remove it", what, peer, version);
        }
    }
}
