package dev.qmpsdk.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Small pieces the CLI's subcommands share: durations, JSON output, event lines. */
final class CliSupport {
    private CliSupport() {}

    /** Two-space indentation, {@code "key": value}. */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    /** {@code 2026-11-22T19:00:00.123456Z}: QMP timestamps have microseconds. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Duration parseDuration(String value) {
        Matcher m = SIMPLE_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 10s, 500ms or 2m");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
        }
        return d;
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The event's {@code data} as compact JSON, or null when it has none. */
    static @Nullable String eventData(QmpEvent event) {
        if (!event._hasData()) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = QapiJson.TREE_MAPPER.getFactory().createGenerator(out)) {
            event._writeData(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code 2026-11-22T19:00:00.123456Z vm=web-1 STOP {...}}. */
    static String eventLine(String vmId, QmpEvent event) {
        String data = eventData(event);
        return TIMESTAMP.format(event.timestamp()) + " vm=" + vmId + " " + event.eventName() + (data == null ? "" : " " + data);
    }

    /** One JSON object per event: {@code {"timestamp": "...", "vm": "...", "event": "STOP", "data": {...}}}. */
    static String eventJson(String vmId, QmpEvent event) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = QapiJson.TREE_MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", TIMESTAMP.format(event.timestamp()));
            g.writeStringField("vm", vmId);
            g.writeStringField("event", event.eventName());
            if (event._hasData()) {
                g.writeFieldName("data");
                event._writeData(g);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
