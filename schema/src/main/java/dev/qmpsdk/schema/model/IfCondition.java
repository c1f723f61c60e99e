package dev.qmpsdk.schema.model;

import java.util.List;

/**
 * A QAPI {@code 'if'} condition: a configuration symbol, or {@code all}/{@code any}/{@code not} of
 * conditions. QEMU 2.12 to 5.x wrote a list of strings (meaning "all of"); QEMU 6+ writes a string or a
 * dict. All forms normalise to this tree.
 */
public sealed interface IfCondition {
    /** A configuration symbol such as {@code CONFIG_SPICE} or {@code defined(CONFIG_SPICE)}. */
    record Name(String name) implements IfCondition {
        @Override
        public String toString() {
            return name;
        }
    }

    /** True when every condition holds. */
    record All(List<IfCondition> conditions) implements IfCondition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public String toString() {
            return "all" + conditions;
        }
    }

    /** True when at least one condition holds. */
    record Any(List<IfCondition> conditions) implements IfCondition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public String toString() {
            return "any" + conditions;
        }
    }

    /** True when the condition does not hold. */
    record Not(IfCondition condition) implements IfCondition {
        @Override
        public String toString() {
            return "not(" + condition + ")";
        }
    }
}
