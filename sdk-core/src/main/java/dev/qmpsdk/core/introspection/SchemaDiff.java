package dev.qmpsdk.core.introspection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.SchemaChange.Change;
import dev.qmpsdk.core.introspection.SchemaChange.Subject;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What differs between the compiled model (its own introspection answer, {@code QmpSchemaIntrospection.json()}) and a
 * connected server: commands, events, members and enum values one of them lacks, members that became required or
 * optional, types of another kind, and what the server marks deprecated or unstable among the things the model has.
 * Both sides are followed from command and event names, since type names are masked (see {@link ServerSchema}).
 *
 * <pre>{@code
 * ServerSchema model = ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(UTF_8), true);
 * SchemaDiff diff = SchemaDiff.between(model, client.serverSchema().block());
 * diff.changes(SchemaChange.Change.MISSING);   // [command query-cpus: missing on the server, ...]
 * System.out.println(diff.toText());
 * }</pre>
 */
public final class SchemaDiff {
    private static final Comparator<SchemaChange> ORDER = Comparator.comparing(SchemaChange::path)
            .thenComparing(SchemaChange::subject).thenComparing(SchemaChange::change);

    private final List<SchemaChange> changes;

    private SchemaDiff(List<SchemaChange> changes) {
        this.changes = changes.stream().sorted(ORDER).toList();
    }

    /** The differences of {@code server} from {@code model}, sorted by path. */
    public static SchemaDiff between(ServerSchema model, ServerSchema server) {
        return new SchemaDiff(new SchemaDiffWalker(model, server).walk());
    }

    /** Every change, sorted by path. */
    public List<SchemaChange> changes() {
        return changes;
    }

    /** The changes of one kind. */
    public List<SchemaChange> changes(Change change) {
        return changes.stream().filter(c -> c.change() == change).toList();
    }

    /** Whether this change is among them. */
    public boolean contains(Subject subject, Change change, String path) {
        return changes.stream().anyMatch(c -> c.subject() == subject && c.change() == change && c.path().equals(path));
    }

    /**
     * The stable JSON form: {@code {"changes": [{"subject": "command", "change": "missing", "path": "query-cpus"},
     * ...]}}, sorted by path; {@code subject} is {@code command}, {@code event}, {@code member} or {@code enum-value},
     * {@code change} one of {@code missing}, {@code added}, {@code now-required}, {@code now-optional},
     * {@code type-changed} (with {@code "detail": "str -> enum"}), {@code deprecated}, {@code unstable}.
     */
    public String toJson() {
        ObjectNode root = QapiJson.TREE_MAPPER.createObjectNode();
        ArrayNode list = root.putArray("changes");
        for (SchemaChange c : changes) {
            ObjectNode o = list.addObject().put("subject", SchemaChange.wire(c.subject())).put("change", SchemaChange.wire(c.change()))
                    .put("path", c.path());
            if (!c.detail().isEmpty()) {
                o.put("detail", c.detail());
            }
        }
        try {
            return QapiJson.TREE_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A summary line with counts per kind of change, then one line per change. */
    public String toText() {
        Map<String, Long> counts = changes.stream().collect(Collectors.groupingBy(c -> SchemaChange.wire(c.change()), TreeMap::new, Collectors.counting()));
        StringBuilder sb = new StringBuilder(changes.size() + " differences " + counts).append('\n');
        changes.forEach(c -> sb.append(c).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SchemaDiff[" + changes.size() + " changes]";
    }
}
