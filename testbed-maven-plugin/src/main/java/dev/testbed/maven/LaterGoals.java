package dev.testbed.maven;

import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Whether a goal of this plugin (load-ducklake, run-models, verify-metrics) runs later in this Maven invocation for a project: named on
 * the command line, or bound (by an execution of the plugin in the POM) to a phase the invocation reaches.
 */
final class LaterGoals {

    /** Maven's default lifecycle, in order (Maven 3 and 4 alike). */
    private static final List<String> DEFAULT_LIFECYCLE = List.of("validate", "initialize", "generate-sources", "process-sources",
            "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources", "process-test-sources",
            "generate-test-resources", "process-test-resources", "test-compile", "process-test-classes", "test", "prepare-package",
            "package", "pre-integration-test", "integration-test", "post-integration-test", "verify", "install", "deploy");

    /** The phase each goal that can follow binds to when its execution names none (its {@code @Mojo defaultPhase}). */
    private static final Map<String, String> DEFAULT_PHASES = Map.of("load-ducklake", "process-resources", "run-models", "compile",
            "verify-metrics", "verify");

    private LaterGoals() {
    }

    /** Whether run-models or verify-metrics, the goals that parse the project, runs later in this invocation for {@code project}. */
    static boolean projectParsedLater(MavenSession session, MavenProject project, String pluginArtifactId) {
        return follows(session, project, pluginArtifactId, "run-models") || verifyMetricsFollows(session, project, pluginArtifactId);
    }

    static boolean verifyMetricsFollows(MavenSession session, MavenProject project, String pluginArtifactId) {
        return follows(session, project, pluginArtifactId, "verify-metrics");
    }

    /** Whether {@code goal} (load-ducklake, run-models or verify-metrics) of this plugin runs in this invocation for {@code project}. */
    static boolean follows(MavenSession session, MavenProject project, String pluginArtifactId, String goal) {
        if (session == null || project == null) {
            return false;
        }
        List<String> goals = session.getGoals();
        int furthest = -1;
        for (String named : goals) {
            if (named.endsWith(":" + goal)) {
                return true;
            }
            furthest = Math.max(furthest, DEFAULT_LIFECYCLE.indexOf(named));
        }
        if (furthest < 0) {
            return false;
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            if (!pluginArtifactId.equals(plugin.getArtifactId())) {
                continue;
            }
            for (PluginExecution execution : plugin.getExecutions()) {
                if (execution.getGoals().contains(goal) && !skipped(plugin.getConfiguration()) && !skipped(execution.getConfiguration())) {
                    String phase = execution.getPhase() == null ? DEFAULT_PHASES.get(goal) : execution.getPhase();
                    int index = DEFAULT_LIFECYCLE.indexOf(phase);
                    if (index >= 0 && index <= furthest) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether a POM configuration skips the goal: then verify-metrics runs no tests, and nothing should wait for it. */
    private static boolean skipped(Object configuration) {
        if (!(configuration instanceof Xpp3Dom dom)) {
            return false;
        }
        for (String name : List.of("skip", "skipTests")) {
            Xpp3Dom child = dom.getChild(name);
            if (child != null && "true".equalsIgnoreCase(String.valueOf(child.getValue()).strip())) {
                return true;
            }
        }
        return false;
    }
}
