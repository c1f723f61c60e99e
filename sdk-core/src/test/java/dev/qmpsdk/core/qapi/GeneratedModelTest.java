package dev.qmpsdk.core.qapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.DecodeContext;
import dev.qmpsdk.core.codec.QapiEnum;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.codec.QapiNull;
import dev.qmpsdk.core.codec.QapiValue;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.blockcore.BlockdevOptions;
import dev.qmpsdk.core.qapi.blockcore.BlockdevRef;
import dev.qmpsdk.core.qapi.common.StrOrNull;
import dev.qmpsdk.core.qapi.misc.AcpiTableOptions;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled 2.11.2 model: complete, shaped as the design says, and behaving as a value library. */
class GeneratedModelTest {
    private static final QapiSchema SCHEMA = QapiSchemaLoader.load(Path.of("..", "schema", "qapi", "qapi-schema.json"));

    @Test
    void everyCommandHasADescriptorWithItsWireName() {
        assertEquals(156, QmpCommands.ALL.size());
        Set<String> names = QmpCommands.ALL.stream().map(CommandDescriptor::name).collect(Collectors.toSet());
        assertEquals(SCHEMA.commands().stream().map(c -> c.name()).collect(Collectors.toSet()), names);
        for (String name : names) {
            assertEquals(name, QmpCommands.byName(name).name());
        }
        assertEquals(null, QmpCommands.byName("no-such-command"));
    }

    @Test
    void everyEventIsRegisteredWithItsGeneratedClass() {
        assertEquals(37, QmpEvents.REGISTRY.names().size());
        assertEquals(SCHEMA.events().stream().map(e -> e.name()).collect(Collectors.toSet()), QmpEvents.REGISTRY.names());
        for (String name : QmpEvents.REGISTRY.names()) {
            Class<? extends QmpEvent> type = QmpEvents.REGISTRY.type(name);
            assertTrue(Modifier.isFinal(type.getModifiers()), type.getName());
        }
        assertEquals(37, QapiTypes.EVENTS.size());
    }

    @Test
    void everyTypeIsGeneratedWithTheRightShape() {
        assertEquals(79, QapiTypes.ENUMS.size(), "enums");
        assertEquals(201, QapiTypes.STRUCTS.size(), "structs");
        assertEquals(22, QapiTypes.UNIONS.size(), "unions");
        assertEquals(4, QapiTypes.ALTERNATES.size(), "alternates");
        assertEquals(87, QapiTypes.COMMAND_ARGUMENTS.size(), "argument types");
        for (Class<?> c : all(QapiTypes.ENUMS, QapiTypes.IMPLICIT_ENUMS)) {
            assertTrue(QapiEnum.class.isAssignableFrom(c) && Modifier.isFinal(c.getModifiers()), c.getName());
        }
        for (Class<?> c : all(QapiTypes.STRUCTS, QapiTypes.COMMAND_ARGUMENTS)) {
            assertTrue(QapiValue.class.isAssignableFrom(c) && Modifier.isFinal(c.getModifiers()) && !c.isInterface(), c.getName());
        }
        for (Class<?> c : all(QapiTypes.UNIONS, QapiTypes.ALTERNATES)) {
            assertTrue(c.isInterface() && c.isSealed(), c.getName() + " is a sealed interface");
            assertTrue(List.of(c.getPermittedSubclasses()).stream().anyMatch(s -> s.getSimpleName().equals("Unknown")), c.getName());
        }
        Set<String> simpleNames = new HashSet<>();
        for (Class<?> c : all(QapiTypes.ENUMS, QapiTypes.IMPLICIT_ENUMS, QapiTypes.STRUCTS, QapiTypes.UNIONS, QapiTypes.ALTERNATES,
                QapiTypes.EVENTS, QapiTypes.COMMAND_ARGUMENTS)) {
            assertTrue(simpleNames.add(c.getSimpleName().toLowerCase()), "unique (ignoring case): " + c.getSimpleName());
        }
    }

    @SafeVarargs
    private static List<Class<?>> all(List<Class<?>>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    @Test
    void buildersCheckRequiredMembersAndRanges() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> StatusInfo.builder().running(true).build());
        assertTrue(missing.getMessage().contains("StatusInfo: required member 'singlestep'"), missing.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> AcpiTableOptions.builder().rev(256));
        assertEquals("AcpiTableOptions.rev: 256 is out of range for uint8 (0..255)", range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AcpiTableOptions.builder().oemRev(-1L));
        assertEquals(255, AcpiTableOptions.builder().rev(255).build().rev());
    }

    @Test
    void valuesAreImmutableWithCopiesByToBuilder() {
        StatusInfo a = StatusInfo.of(b -> b.running(true).singlestep(false).status(RunState.RUNNING));
        StatusInfo b = a.toBuilder().status(RunState.PAUSED).running(false).build();
        assertEquals(RunState.RUNNING, a.status());
        assertEquals(RunState.PAUSED, b.status());
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertTrue(a.toString().contains("status=running"), a.toString());
    }

    @Test
    void enumsKnowTheirValuesAndKeepUnknownOnes() {
        assertTrue(RunState.knownValues().contains(RunState.RUNNING));
        assertEquals("running", RunState.RUNNING.wireName());
        assertEquals(RunState.RUNNING, RunState.of("running"));
        RunState future = RunState.of("hibernating");
        assertFalse(future.isKnown());
        assertEquals(RunState.Known.UNKNOWN_TO_SDK_VERSION, future.known());
        assertEquals(RunState.Known.RUNNING, RunState.RUNNING.known());
    }

    @Test
    void alternatesAreChosenByJsonTokenType() throws IOException {
        assertInstanceOf(BlockdevRef.Reference.class, read(BlockdevRef::_read, "\"node0\""));
        BlockdevRef.Definition def = assertInstanceOf(BlockdevRef.Definition.class,
                read(BlockdevRef::_read, "{\"driver\": \"null-co\", \"node-name\": \"n\"}"));
        assertInstanceOf(BlockdevOptions.class, def.value());
        assertEquals(QapiNull.INSTANCE, assertInstanceOf(StrOrNull.N.class, read(StrOrNull::_read, "null")).value());
        assertEquals("x", assertInstanceOf(StrOrNull.S.class, read(StrOrNull::_read, "\"x\"")).value());
        assertInstanceOf(StrOrNull.Unknown.class, read(StrOrNull::_read, "42"));
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> read((p, c) -> StrOrNull._read(p, DecodeContext.of(true, "test")), "42"));
        assertTrue(e.getMessage().contains("no alternative of StrOrNull takes the number 42"), e.getMessage());
    }

    private static <T> T read(dev.qmpsdk.core.codec.ValueReader<T> reader, String json) throws IOException {
        try (JsonParser p = QapiJson.TREE_MAPPER.getFactory().createParser(json)) {
            p.nextToken();
            T value = reader.read(p, DecodeContext.of(false, "test"));
            assertNotNull(value);
            return value;
        }
    }
}
