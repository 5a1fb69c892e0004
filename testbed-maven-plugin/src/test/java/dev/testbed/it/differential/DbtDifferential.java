package dev.testbed.it.differential;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The differential test against dbt itself (issue 13): every project of the corpus is built three times by the plugin and
 * by dbt, each side on a lake of its own, with the corpus's new source rows applied to both between runs; after each run
 * the two lakes' relations and the two sides' node results must be the same. The two sides of a run go in parallel.
 */
public final class DbtDifferential {

    public static final int RUNS = 3;
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_LINES = 25;

    private final Path work;
    private final PluginBuild plugin;
    private final DbtBuild dbt;
    private final Consumer<String> progress;

    public DbtDifferential(Path work, PluginBuild plugin, DbtBuild dbt, Consumer<String> progress) {
        this.work = work;
        this.plugin = plugin;
        this.dbt = dbt;
        this.progress = progress;
    }

    /**
     * The invoker IT {@code dbt-differential}: makes (or reuses) dbt's venv under the plugin module's {@code target/}, runs the
     * corpus (or only the projects named in {@code projects}, comma-separated), and fails listing every project that
     * differs, with every difference.
     */
    public static void runInvokerIt(File basedir, File localRepository, String mavenHome, String pluginCoordinates, String projects) {
        long started = System.nanoTime();
        Path it = basedir.toPath().toAbsolutePath().normalize();
        Path target = it.resolve("target");
        Consumer<String> progress = line -> System.out.println("[dbt-differential] " + line);
        LakeFolder.ensureDuckLakeExtension();
        DbtVenv venv = DbtVenv.ensure(it.resolve("../../dbt-venv").normalize(), "python3", target.resolve("logs"), progress);
        PluginBuild plugin = new PluginBuild(Path.of(mavenHome, "bin", "mvn"), it.resolve("../interpolated-settings.xml").normalize(),
                localRepository.toPath().toAbsolutePath(), it.resolve("pom.xml"), pluginCoordinates);
        List<CorpusProject> corpus = selected(CorpusProject.discover(it.resolve("corpus")), projects);
        Map<String, List<String>> differences = new DbtDifferential(target.resolve("diff"), plugin, new DbtBuild(venv), progress).run(corpus);
        progress.accept(String.format("%d projects in %.1f s", corpus.size(), (System.nanoTime() - started) / 1e9));
        if (!differences.isEmpty()) {
            throw new AssertionError(report(differences));
        }
    }

    static List<CorpusProject> selected(List<CorpusProject> corpus, String projects) {
        if (projects == null || projects.isBlank()) {
            return corpus;
        }
        Set<String> wanted = Arrays.stream(projects.split(",")).map(String::strip).collect(Collectors.toSet());
        List<CorpusProject> chosen = corpus.stream().filter(p -> wanted.contains(p.name())).toList();
        if (chosen.size() != wanted.size()) {
            throw new AssertionError("testbed.diff.projects names " + wanted + ", but the corpus has " + corpus.stream().map(CorpusProject::name).toList());
        }
        return chosen;
    }

    /** Differences by project (its runs' differences, each prefixed with the run); a project without differences is absent. */
    public Map<String, List<String>> run(List<CorpusProject> corpus) {
        Map<String, List<String>> differences = new LinkedHashMap<>();
        for (CorpusProject project : corpus) {
            List<String> found = run(project);
            if (!found.isEmpty()) {
                differences.put(project.name(), found);
            }
        }
        return differences;
    }

    private List<String> run(CorpusProject project) {
        long started = System.nanoTime();
        // a day's margin, so that a build whose session reads the clock in another time zone still counts as after it
        java.time.LocalDateTime builtSince = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(1);
        Path root = work.resolve(project.name());
        DbtVenv.deleteRecursively(root);
        Path pluginProject = copy(project.directory(), root.resolve("plugin/project"));
        Path dbtProject = copy(project.directory(), root.resolve("dbt/project"));
        LakeFolder pluginLake = LakeFolder.fresh(root.resolve("plugin/lake"));
        LakeFolder dbtLake = LakeFolder.fresh(root.resolve("dbt/lake"));
        project.setupSql().ifPresent(sql -> {
            pluginLake.runScript(sql, project.name() + "/" + CorpusProject.SETUP);
            dbtLake.runScript(sql, project.name() + "/" + CorpusProject.SETUP);
        });
        // without setup.sql the lake does not exist until the first run makes it, and holds no sources
        Set<String> sources = project.setupSql().isPresent() ? LakeComparison.relationNames(pluginLake, project.lakeAlias()) : Set.of();

        List<String> differences = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            if (run > 1) {
                project.betweenRunsSql().ifPresent(sql -> {
                    pluginLake.runScript(sql, project.name() + "/" + CorpusProject.BETWEEN_RUNS);
                    dbtLake.runScript(sql, project.name() + "/" + CorpusProject.BETWEEN_RUNS);
                });
            }
            Path logs = root.resolve("logs");
            Path pluginOutput = root.resolve("plugin/run-" + run + "/testbed");
            deleteIfPresent(DbtBuild.runResults(dbtProject));
            ExternalCommand.Started ours = plugin.command(project.name() + " plugin run " + run, pluginProject, pluginLake, pluginOutput,
                    project.pluginArgs(), logs.resolve("plugin-run-" + run + ".log")).start();
            ExternalCommand.Started theirs = dbt.command(project.name() + " dbt run " + run, dbtProject, dbtLake, project.dbtArgs(),
                    logs.resolve("dbt-run-" + run + ".log")).start();
            ExternalCommand.Finished pluginDone = ours.await(BUILD_TIMEOUT);
            ExternalCommand.Finished dbtDone = theirs.await(BUILD_TIMEOUT);

            long comparing = System.nanoTime();
            List<String> found = new ArrayList<>();
            if (pluginDone.succeeded() != dbtDone.succeeded()) {
                found.add(failedBuild(pluginDone.succeeded() ? dbtDone : pluginDone));
            }
            found.addAll(LakeComparison.compare(pluginLake, dbtLake, project.lakeAlias(), sources, builtSince));
            found.addAll(RunResultsComparison.compare(pluginOutput.resolve("run_results.json"), DbtBuild.runResults(dbtProject)));
            int current = run;
            found.stream().map(d -> "run " + current + ": " + d).forEach(differences::add);
            progress.accept(String.format("%s run %d: plugin %.1f s (exit %d), dbt %.1f s (exit %d), compared in %.1f s: %s", project.name(), run,
                    seconds(pluginDone.elapsed()), pluginDone.exitCode(), seconds(dbtDone.elapsed()), dbtDone.exitCode(),
                    (System.nanoTime() - comparing) / 1e9, found.isEmpty() ? "same" : found.size() + " differences"));
        }
        progress.accept(String.format("%s: %d runs in %.1f s, %s", project.name(), RUNS, (System.nanoTime() - started) / 1e9,
                differences.isEmpty() ? "the same as dbt after every run" : differences.size() + " differences"));
        return differences;
    }

    private static String failedBuild(ExternalCommand.Finished failed) {
        return failed.command().label() + " failed (exit " + failed.exitCode() + ") where the other side succeeded; the end of "
                + failed.command().log() + ":\n" + failed.tail(LOG_LINES).indent(6).stripTrailing();
    }

    /** Every project with differences, and each of its differences on lines of their own. */
    static String report(Map<String, List<String>> differences) {
        StringBuilder report = new StringBuilder("The plugin built something other than dbt in " + differences.size() + " corpus project(s): "
                + String.join(", ", differences.keySet()));
        differences.forEach((project, found) -> {
            report.append("\n  ").append(project).append(':');
            found.forEach(d -> report.append("\n    ").append(d));
        });
        return report.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void deleteIfPresent(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AssertionError("Cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    // as dbt deps links a local package into dbt_packages/: the copy links within the copy
                    Files.createSymbolicLink(destination, Files.readSymbolicLink(source));
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
            return to.toAbsolutePath();
        } catch (IOException e) {
            throw new AssertionError("Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
