package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/**
 * A QMP command.
 *
 * @param name the wire name ({@code query-status}, {@code device_add})
 * @param info location, module, doc, condition, features
 * @param arguments the argument type: implicit ({@link ObjectType.Kind#COMMAND_ARGUMENTS}), a named struct,
 *     or with {@code boxed} any named object type; null when the command takes no arguments
 * @param boxed true when the arguments are one named type passed as a whole
 * @param returns the return type, or null when the command returns {@code {}}
 * @param gen false when QEMU does not generate the C marshaller ({@code 'gen': false}); the wire protocol is unchanged
 * @param successResponse false when the command sends no reply on success (only {@code guest-*} commands)
 * @param allowOob true when the command may be sent with {@code exec-oob}
 * @param allowPreconfig true when the command works in the preconfig state
 * @param coroutine true when QEMU runs the command in a coroutine (no wire difference)
 */
public record Command(
        String name,
        DefinitionInfo info,
        @Nullable ObjectType arguments,
        boolean boxed,
        @Nullable QapiType returns,
        boolean gen,
        boolean successResponse,
        boolean allowOob,
        boolean allowPreconfig,
        boolean coroutine) implements Definition {
    @Override
    public String toString() {
        return "command " + name;
    }
}
