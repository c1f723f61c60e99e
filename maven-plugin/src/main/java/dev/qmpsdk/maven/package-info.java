/**
 * The {@code generate} goal: a project's QAPI schema turned into its typed model, command API and client.
 */
@NullMarked
package dev.qmpsdk.maven;

import org.jspecify.annotations.NullMarked;
