package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** Whether run-models leaves an atomic build for verify-metrics: only when verify-metrics runs later in this invocation. */
class LaterGoalsTest {

    private static final String PLUGIN = "testbed-maven-plugin";

    @Test
    void aPhaseAtOrAfterVerifyMetricsBindingRunsIt() {
        MavenProject project = project(execution(null, "run-models", "verify-metrics"));
        assertTrue(LaterGoals.verifyMetricsFollows(session("clean", "verify"), project, PLUGIN));
        assertTrue(LaterGoals.verifyMetricsFollows(session("install"), project, PLUGIN));
        assertFalse(LaterGoals.verifyMetricsFollows(session("compile"), project, PLUGIN), "verify-metrics binds to verify by default");
        assertFalse(LaterGoals.verifyMetricsFollows(session("integration-test"), project, PLUGIN));
    }

    @Test
    void anExplicitPhaseCounts() {
        MavenProject project = project(execution("test", "verify-metrics"));
        assertTrue(LaterGoals.verifyMetricsFollows(session("test"), project, PLUGIN));
        assertFalse(LaterGoals.verifyMetricsFollows(session("compile"), project, PLUGIN));
    }

    @Test
    void theGoalNamedOnTheCommandLineCounts() {
        MavenProject project = project();
        assertTrue(LaterGoals.verifyMetricsFollows(session("testbed:run-models", "testbed:verify-metrics"), project, PLUGIN));
        assertFalse(LaterGoals.verifyMetricsFollows(session("testbed:run-models"), project, PLUGIN));
        assertFalse(LaterGoals.verifyMetricsFollows(session("verify"), project, PLUGIN), "no execution binds it");
    }

    @Test
    void anExecutionThatSkipsTheGoalDoesNotCount() {
        PluginExecution skipping = execution(null, "verify-metrics");
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        Xpp3Dom skip = new Xpp3Dom("skip");
        skip.setValue("true");
        configuration.addChild(skip);
        skipping.setConfiguration(configuration);
        assertFalse(LaterGoals.verifyMetricsFollows(session("verify"), project(skipping), PLUGIN));
    }

    @Test
    void theProjectIsParsedLaterWhenRunModelsOrVerifyMetricsFollows() {
        MavenProject sample = project(execution(null, "generate-data", "load-ducklake", "run-models"), execution(null, "verify-metrics"));
        assertTrue(LaterGoals.projectParsedLater(session("verify"), sample, PLUGIN));
        assertTrue(LaterGoals.projectParsedLater(session("compile"), sample, PLUGIN), "run-models binds to compile by default");
        assertTrue(LaterGoals.projectParsedLater(session("testbed:load-ducklake", "testbed:verify-metrics"), project(), PLUGIN));
        assertFalse(LaterGoals.projectParsedLater(session("process-resources"), sample, PLUGIN), "generate and load only");
        assertFalse(LaterGoals.projectParsedLater(session("testbed:generate-data"), project(), PLUGIN));
    }

    @Test
    void loadDuckLakeFollowsGenerateDataFromProcessResourcesOn() {
        MavenProject sample = project(execution(null, "generate-data", "load-ducklake", "run-models"));
        assertTrue(LaterGoals.follows(session("process-resources"), sample, PLUGIN, "load-ducklake"), "load-ducklake binds to process-resources");
        assertTrue(LaterGoals.follows(session("verify"), sample, PLUGIN, "load-ducklake"));
        assertFalse(LaterGoals.follows(session("generate-resources"), sample, PLUGIN, "load-ducklake"));
        assertTrue(LaterGoals.follows(session("testbed:generate-data", "testbed:load-ducklake"), project(), PLUGIN, "load-ducklake"));
    }

    private static PluginExecution execution(String phase, String... goals) {
        PluginExecution execution = new PluginExecution();
        execution.setId("default-" + String.join("-", goals));
        execution.setPhase(phase);
        execution.setGoals(List.of(goals));
        return execution;
    }

    private static MavenProject project(PluginExecution... executions) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.testbed");
        plugin.setArtifactId(PLUGIN);
        for (PluginExecution execution : executions) {
            plugin.addExecution(execution);
        }
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return new MavenProject(model);
    }

    @SuppressWarnings("deprecation")
    private static MavenSession session(String... goals) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setGoals(List.of(goals));
        return new MavenSession(null, request, new DefaultMavenExecutionResult(), List.of());
    }
}
