package dev.qmpsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A message that is not valid QMP or does not fit the type the schema gives it: malformed JSON, a frame
 * larger than allowed, a reply whose {@code return} is not a {@code StatusInfo}, an integer out of its
 * QAPI range. The message names the subject ({@code reply to query-status}), the JSON path
 * ({@code /return/status}) and what was wrong.
 */
public class QmpProtocolException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String subject;
    private final @Nullable String jsonPath;

    public QmpProtocolException(String message) {
        this(null, null, message, null);
    }

    public QmpProtocolException(@Nullable String subject, @Nullable String jsonPath, String problem, @Nullable Throwable cause) {
        super(describe(subject, jsonPath, problem), cause);
        this.subject = subject;
        this.jsonPath = jsonPath;
    }

    private static String describe(@Nullable String subject, @Nullable String jsonPath, String problem) {
        StringBuilder sb = new StringBuilder();
        if (subject != null) {
            sb.append(subject);
        }
        if (jsonPath != null) {
            sb.append(sb.length() > 0 ? " at " : "at ").append(jsonPath.isEmpty() ? "/" : jsonPath);
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }

    /** What was being decoded or encoded ({@code reply to query-status}, {@code event STOP}), if known. */
    public @Nullable String subject() {
        return subject;
    }

    /** The JSON pointer of the offending value ({@code /return/0/inserted/file}), if known. */
    public @Nullable String jsonPath() {
        return jsonPath;
    }
}
