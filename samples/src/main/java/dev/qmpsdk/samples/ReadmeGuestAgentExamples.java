package dev.qmpsdk.samples;

// README-BEGIN: java-guest-agent-imports
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.reactive.qga.QgaClient;
import dev.qmpsdk.reactive.qga.QgaClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import reactor.core.publisher.Flux;
// README-END

/**
 * The README's guest agent example, compiled and tested like {@link ReadmeExamples} (its own file, so that its imports
 * are a block of their own in the README).
 */
public final class ReadmeGuestAgentExamples {
    private ReadmeGuestAgentExamples() {}

    /** README: "The guest agent (qemu-ga)": returns what the command printed in the guest. */
    public static String guestAgent(Path agentSocket) {
        // README-BEGIN: java-guest-agent
        QgaClient agent = QgaClient.create(QgaClientOptions.unix(agentSocket)
                .readyTimeout(Duration.ofMinutes(2))              // a booting guest starts its agent late
                .commandTimeout(Duration.ofSeconds(10))
                .build());
        agent.states().subscribe(s -> System.out.println("guest agent: " + s));  // WAITING, SYNCING, READY; again after a restart
        agent.connect().block();                                  // waits for the agent, then guest-sync-delimited

        JsonNode os = agent.executeRaw("guest-get-osinfo", null).block();
        System.out.println(os.path("pretty-name").asText());
        long pid = agent.executeRaw("guest-exec", JsonNodeFactory.instance.objectNode()
                .put("path", "/bin/uname").put("capture-output", true)).block().path("pid").asLong();
        JsonNode done = Flux.interval(Duration.ZERO, Duration.ofMillis(50))  // one command at a time: the agent needs that
                .concatMap(tick -> agent.executeRaw("guest-exec-status", JsonNodeFactory.instance.objectNode().put("pid", pid)))
                .filter(status -> status.path("exited").asBoolean())
                .blockFirst();
        String printed = new String(Base64.getDecoder().decode(done.path("out-data").asText()), StandardCharsets.UTF_8);
        agent.close().block();
        // README-END
        return printed;
    }
}
