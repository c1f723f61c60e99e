package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/**
 * A branch of a union (keyed by a tag value) or an alternative of an alternate.
 *
 * @param name the tag value (union) or the alternative's name (alternate)
 * @param type the branch type: for unions always an {@link ObjectType} (a wrapper for simple unions);
 *     for alternates any type
 * @param ifCond condition, or null
 * @param location where the branch is declared
 */
public record Variant(String name, QapiType type, @Nullable IfCondition ifCond, SourceLocation location) {}
