package dev.testbed.tests;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * What verify-metrics runs.
 *
 * @param select          models whose tests run, in dbt's selection syntax; null or blank runs all (and the sources' tests)
 * @param exclude         models whose tests are left out
 * @param outputDirectory where compiled test SQL ({@code compiled/<project>/data_tests/}) and JUnit XML ({@code junit/}) go
 */
public record TestRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, String select, String exclude,
                          Path outputDirectory) {
}
