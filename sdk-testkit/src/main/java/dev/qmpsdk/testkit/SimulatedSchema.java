package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.introspection.SchemaEntity;
import dev.qmpsdk.core.introspection.SchemaPath;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;

/**
 * A {@code query-qmp-schema} answer for a {@link SimulatedVm} that differs from the compiled one the way a newer or
 * older QEMU's does: a command or argument removed, an enum value added, a feature such as {@code deprecated} set.
 * Immutable; each step returns a changed copy. Changes are made where QEMU's own answer would have them: an argument
 * is removed from the command's argument type, an enum value added to the enum a {@link SchemaPath} leads to (a type
 * other commands share changes for them too, as in QEMU).
 *
 * <pre>{@code
 * SimulatedSchema newer = SimulatedSchema.compiled()
 *         .withoutCommand("query-cpus")
 *         .withEnumValue(SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability"), "multifd")
 *         .withCommandFeature("drive-backup", "deprecated");
 * SimulatedVm vm = SimulatedVm.start("web-1", newer);
 * }</pre>
 */
public final class SimulatedSchema {
    private final ArrayNode answer;

    private SimulatedSchema(ArrayNode answer) {
        this.answer = answer;
    }

    /** What a QEMU built from the compiled schema (2.11.2) answers. */
    public static SimulatedSchema compiled() {
        return new SimulatedSchema((ArrayNode) Json.parse(QmpSchemaIntrospection.json(), "the compiled query-qmp-schema introspection"));
    }

    /** This answer without the command {@code name}. */
    public SimulatedSchema withoutCommand(String name) {
        ArrayNode copy = answer.deepCopy();
        entry(copy, name, "command");
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).get("name").asText().equals(name)) {
                copy.remove(i);
                break;
            }
        }
        return new SimulatedSchema(copy);
    }

    /**
     * This answer with the command {@code from} listed as {@code to} instead, arguments, result and features kept: what
     * a QEMU that renamed it answers, and the way to give a simulated VM a command newer than the compiled model
     * ({@code withRenamedCommand("query-cpus", "query-cpus-fast")}). Script the new name's reply on the VM's server.
     */
    public SimulatedSchema withRenamedCommand(String from, String to) {
        ArrayNode copy = answer.deepCopy();
        for (JsonNode e : copy) {
            if (e.get("name").asText().equals(to)) {
                throw new IllegalArgumentException("this schema already has a " + e.get("meta-type").asText() + " " + to);
            }
        }
        entry(copy, from, "command").put("name", to);
        return new SimulatedSchema(copy);
    }

    /** This answer with the argument {@code member} of {@code command} removed. */
    public SimulatedSchema withoutArgument(String command, String member) {
        ArrayNode copy = answer.deepCopy();
        ObjectNode arguments = entry(copy, entry(copy, command, "command").get("arg-type").asText(), "object");
        ArrayNode members = (ArrayNode) arguments.get("members");
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).get("name").asText().equals(member)) {
                members.remove(i);
                return new SimulatedSchema(copy);
            }
        }
        throw new IllegalArgumentException("command " + command + " has no argument " + member + " in this schema");
    }

    /** This answer with {@code value} added to the enum {@code path} leads to (arrays looked through). */
    public SimulatedSchema withEnumValue(SchemaPath path, String value) {
        ArrayNode copy = answer.deepCopy();
        SchemaEntity type = ServerSchema.decode(copy, false).typeAt(path)
                .orElseThrow(() -> new IllegalArgumentException("nothing at " + path + " in this schema"));
        if (type instanceof SchemaEntity.ArrayType array) {
            type = ServerSchema.decode(copy, false).entity(array.elementType()).orElseThrow();
        }
        if (!(type instanceof SchemaEntity.EnumType)) {
            throw new IllegalArgumentException(path + " leads to " + type + ", not an enum");
        }
        ObjectNode e = entry(copy, type.name(), "enum");
        ((ArrayNode) e.get("values")).add(value);
        if (e.has("members")) {
            ((ArrayNode) e.get("members")).addObject().put("name", value);
        }
        return new SimulatedSchema(copy);
    }

    /** This answer with {@code feature} ({@code "deprecated"}, {@code "unstable"}) listed for the command. */
    public SimulatedSchema withCommandFeature(String command, String feature) {
        ArrayNode copy = answer.deepCopy();
        ObjectNode c = entry(copy, command, "command");
        (c.has("features") ? (ArrayNode) c.get("features") : c.putArray("features")).add(feature);
        return new SimulatedSchema(copy);
    }

    /** The answer as the JSON tree the simulated VM returns (a copy). */
    public JsonNode answer() {
        return answer.deepCopy();
    }

    private static ObjectNode entry(ArrayNode answer, String name, String metaType) {
        for (JsonNode e : answer) {
            if (e.get("name").asText().equals(name)) {
                if (!e.get("meta-type").asText().equals(metaType)) {
                    throw new IllegalArgumentException(name + " is a " + e.get("meta-type").asText() + ", not a " + metaType);
                }
                return (ObjectNode) e;
            }
        }
        throw new IllegalArgumentException("this schema has no " + metaType + " " + name);
    }
}
