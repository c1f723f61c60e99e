/**
 * The {@code qmp} command line: {@code exec}, {@code events}, {@code shell}, {@code schema-diff} and shell completion.
 */
@NullMarked
package dev.qmpsdk.cli;

import org.jspecify.annotations.NullMarked;
