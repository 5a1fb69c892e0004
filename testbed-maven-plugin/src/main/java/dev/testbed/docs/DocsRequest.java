package dev.testbed.docs;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * One docs run.
 *
 * @param projectRoot       the dbt-style project
 * @param artifactDirectory where run-models wrote compiled SQL ({@code compiled/<project>/...})
 * @param outputDirectory   where the site goes ({@code index.html} and its files)
 */
public record DocsRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, Path artifactDirectory,
                          Path outputDirectory) {
}
