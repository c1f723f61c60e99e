package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

/**
 * A peer that is not a QMP server, or a broken one, fails {@code connect()} at once with a
 * {@link QmpConnectionException} naming what it received, instead of waiting out the connect timeout.
 */
class QmpClientBadHandshakeTest {
    /** Far longer than the verification's own deadline: a connect that only times out fails the test. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
    private static final String VALID_GREETING =
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}";

    static Stream<Arguments> badGreetings() {
        return Stream.of(
                Arguments.of("not a greeting", "{\"hello\": {\"version\": 1}}\r\n", "hello"),
                Arguments.of("QMP null", "{\"QMP\": null}\r\n", "\"QMP\": null"),
                Arguments.of("QMP a string", "{\"QMP\": \"7.2.0\"}\r\n", "7.2.0"),
                Arguments.of("QMP without version", "{\"QMP\": {\"capabilities\": []}}\r\n", "capabilities"),
                Arguments.of("greeting in an array", "[" + VALID_GREETING + "]\r\n", "[{\"QMP\""),
                Arguments.of("TLS server hello", "\u0016\u0003\u0003\u0000\u0031\u0002\u0000\u0000\u002d\u0003\u0003", "\\x16\\x03\\x03"),
                Arguments.of("HTTP", "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Request", "HTTP/1.1 400"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badGreetings")
    void aBadGreetingFailsTheConnectAtOnceNamingWhatArrived(String what, String bytes, String named) {
        try (FakeQmpServer server = FakeQmpServer.startUnix().greetingBytes(bytes.getBytes(StandardCharsets.ISO_8859_1))) {
            expectImmediateConnectionFailure(server, named);
        }
    }

    static Stream<Arguments> badCapabilityAnswers() {
        return Stream.<Arguments>of(
                Arguments.of("an id it was not sent", (Function<QmpRequest, Reply>) r -> Reply.ok().withId(LongNode.valueOf(r.id().asLong() + 1000)),
                        "\"id\":"),
                Arguments.of("a string id", (Function<QmpRequest, Reply>) r -> Reply.ok().withId(TextNode.valueOf(r.id().asText())), "\"id\":\""),
                Arguments.of("broken JSON", (Function<QmpRequest, Reply>) r -> Reply.raw("{\"return\": {, \"id\": " + r.id() + "}\r\n"),
                        "{\"return\": {,"),
                Arguments.of("a truncated reply", (Function<QmpRequest, Reply>) r -> Reply.raw("{\"return\": {}, \"i\r\n"), "{\"return\": {}, \"i"),
                Arguments.of("an error without id", (Function<QmpRequest, Reply>) r -> Reply.error("GenericError", "JSON parse error, bad").withoutId(),
                        "JSON parse error, bad"),
                Arguments.of("a return value that is not {}", (Function<QmpRequest, Reply>) r -> Reply.ok("42"), "42"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCapabilityAnswers")
    void aBadAnswerToQmpCapabilitiesFailsTheConnectAtOnce(String what, Function<QmpRequest, Reply> answer, String named) {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("qmp_capabilities", answer)) {
            expectImmediateConnectionFailure(server, named);
        }
    }

    private static void expectImmediateConnectionFailure(FakeQmpServer server, String named) {
        StepVerifier.create(QmpClient.connect(options(server).connectTimeout(CONNECT_TIMEOUT).build()))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(QmpConnectionException.class, e, () -> "got " + e);
                    assertTrue(e.getMessage().contains(server.socketPath().toString()), e.getMessage());
                    assertTrue(e.getMessage().contains(named), () -> "names what arrived (" + named + "): " + e.getMessage());
                })
                .verify(T);
        server.awaitConnectionCount(0, T);
    }
}
