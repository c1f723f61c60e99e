/**
 * What a server says about itself ({@code query-qmp-schema}): its schema, capability questions, the diff against the compiled model.
 */
@NullMarked
package dev.qmpsdk.core.introspection;

import org.jspecify.annotations.NullMarked;
