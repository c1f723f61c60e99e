/**
 * The generators: Java types, command descriptors and events (JavaPoet), the reactive command interface, the
 * Kotlin suspend API and argument DSLs, and the {@code query-qmp-schema} introspection, all from the resolved model.
 */
@NullMarked
package dev.qmpsdk.schema.gen;

import org.jspecify.annotations.NullMarked;
