package dev.qmpsdk.schema.gen;

/**
 * What one generation run produced, by QAPI kind.
 *
 * @param commands commands (each one a descriptor in {@code QmpCommands})
 * @param events event classes
 * @param structs struct classes (explicit structs; 1.x nested structs count as implicit types)
 * @param enums explicit enum classes
 * @param unions union interfaces
 * @param alternates alternate interfaces
 * @param implicitTypes implicit types given a Java home: argument classes, simple-union kind enums, nested
 *     structs, and event data, union bases and branch wrappers folded into their owners
 * @param files Java files written (package-info files not counted)
 */
public record GenerationReport(int commands, int events, int structs, int enums, int unions, int alternates, int implicitTypes, int files) {
    @Override
    public String toString() {
        return commands + " commands, " + events + " events, " + structs + " structs, " + enums + " enums, " + unions + " unions, "
                + alternates + " alternates, " + implicitTypes + " implicit types; " + files + " files";
    }

    static final class Counter {
        int commands;
        int events;
        int structs;
        int enums;
        int unions;
        int alternates;
        int implicitTypes;

        GenerationReport report(int files) {
            return new GenerationReport(commands, events, structs, enums, unions, alternates, implicitTypes, files);
        }
    }
}
