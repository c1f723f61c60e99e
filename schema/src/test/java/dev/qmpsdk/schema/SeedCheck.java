package dev.qmpsdk.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A maintainer check that reads the QEMU seed documents ({@code ../shared/seeds}, or system property
 * {@code qmpsdk.seeds.dir}): committed files vs. what the importers make of the seeds, and the parser on the
 * damaged 1.x schemas among them. Left out of a plain build, which needs nothing beside the clone; the Maven
 * profile {@code seed-checks} runs them (as {@code .ci/run} does), and then a missing seed fails the check.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(SeedCheck.TAG)
public @interface SeedCheck {
    /** The JUnit tag; the root pom's {@code qmpsdk.excludedTestGroups} names it too. */
    String TAG = "seed-check";
}
