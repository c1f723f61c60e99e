package dev.qmpsdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.io.PrintStream;
import java.util.function.Consumer;
import org.jline.reader.LineReader;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code qmp shell} prints: results on stdout (compact JSON, or pretty with {@code -p}), errors on stderr,
 * the requests sent and the replies received in QEMU's documentation notation with {@code -v}
 * ({@code -> {"execute": ...}}, {@code <- {"return": ...}}), events as they arrive with their timestamps. On a
 * terminal everything goes above the line being edited.
 */
final class ShellOutput {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean pretty;
    private final boolean verbose;
    private volatile @Nullable LineReader reader;

    ShellOutput(PrintStream out, PrintStream err, boolean pretty, boolean verbose) {
        this.out = out;
        this.err = err;
        this.pretty = pretty;
        this.verbose = verbose;
    }

    /** From now on (until null) print above the line this reader edits. */
    void printAbove(@Nullable LineReader lineReader) {
        this.reader = lineReader;
    }

    /** With {@code -v}: {@code -> } and the request. */
    void sent(CliRequest request) {
        if (verbose) {
            show("-> " + CliRequest.toJson(request.wire(), pretty));
        }
    }

    /** A command's return value: with {@code -v} as the whole reply ({@code <- {"return": ...}}), else the value. */
    void result(JsonNode value) {
        if (verbose) {
            show("<- " + CliRequest.toJson(JsonNodeFactory.instance.objectNode().set("return", value), pretty));
        } else {
            show(CliRequest.toJson(value, pretty));
        }
    }

    /**
     * HMP output as the monitor prints it: the text of {@code human-monitor-command}'s return value (QEMU ends its
     * lines with {@code \r\n}), not a JSON string; nothing for a command that prints nothing.
     */
    void text(String hmpOutput) {
        String text = hmpOutput.replace("\r\n", "\n");
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!text.isEmpty()) {
            show(text);
        }
    }

    /** {@code 2026-11-22T19:00:00.123456Z STOP {"..."}}: the server's timestamp, the name, the data as sent. */
    void event(QmpEvent event) {
        String data = CliSupport.eventData(event);
        show(CliSupport.TIMESTAMP.format(event.timestamp()) + " " + event.eventName() + (data == null ? "" : " " + data));
    }

    void show(String text) {
        print(text, out::println);
    }

    void error(String text) {
        print(text, err::println);
    }

    private void print(String text, Consumer<String> plain) {
        LineReader lr = reader;
        if (lr != null) {
            lr.printAbove(text);
        } else {
            synchronized (out) {
                plain.accept(text);
            }
        }
    }
}
