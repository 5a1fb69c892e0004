package dev.testbed.it.differential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the harness starts the plugin under test: an offline Maven of the IT's own POM, with the invoker's settings and
 * local repository (where the invoker installed this build of the plugin), running the goals the differential compares
 * with {@code dbt build}.
 *
 * @param plugin {@code groupId:artifactId:version} of the plugin under test
 */
public record PluginBuild(Path mvn, Path settings, Path localRepository, Path pom, String plugin) {

    /**
     * These builds are a few seconds of mostly Maven starting up, where C2 compilation and a parallel collector only
     * cost CPU: on the 2-core CI machine this halved each build's CPU time (7.0 s to 3.7 s user for the basic project).
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    public static final List<String> GOALS = List.of("run-models", "verify-metrics");

    /** @param extraArgs added to the Maven command (the project's {@code build-args.properties}) */
    public ExternalCommand command(String label, Path project, LakeFolder lake, Path outputDirectory, List<String> extraArgs, Path log) {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository, "-f", pom.toString()));
        GOALS.forEach(goal -> command.add(plugin + ":" + goal));
        command.add("-Dtestbed.projectDirectory=" + project);
        command.add("-Dtestbed.outputDirectory=" + outputDirectory);
        // dbt build commits node by node and tests each model as soon as it is built: publish=each is that
        command.add("-Dtestbed.publish=each");
        command.addAll(extraArgs);
        String mavenOpts = (System.getenv().getOrDefault("MAVEN_OPTS", "") + " " + QUICK_START).strip();
        return new ExternalCommand(label, command, pom.getParent(), Map.of("DIFF_LAKE_DIR", lake.directory().toString(), "MAVEN_OPTS", mavenOpts),
                log);
    }
}
