package dev.testbed.diff;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * One diff run.
 *
 * @param from            a run id of the run history or a snapshot id; null compares with the build before the {@code to} one
 * @param to              a run id or a snapshot id; null is the lake's current (last published) snapshot
 * @param select          dbt's selection syntax, null or blank for every model
 * @param outputDirectory where {@value LakeDiffer#JSON_FILE} goes
 */
public record DiffRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, String from, String to,
                          String select, Path outputDirectory) {
}
