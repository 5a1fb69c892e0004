package dev.testbed.project;

import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Parts of a dbt project that this engine does not build, found so that none is dropped silently. Each is a warning
 * naming the file, the line and the key: they are resources dbt builds besides the models, seeds, snapshots, unit tests
 * and tests (analyses, packages) or metadata (exposures, the semantic layer). Model versions fail instead, since dbt
 * builds them under other relation names.
 */
final class UnsupportedParts {

    /** Top-level keys of properties files that this engine does not read, with what dbt does with them. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "exposures", "dbt records these exposures in its manifest and docs; this engine does not",
            "semantic_models", "dbt's semantic layer reads these; this engine does not",
            "metrics", "dbt's semantic layer reads these metrics; this engine does not",
            "saved_queries", "dbt's semantic layer reads these saved queries; this engine does not",
            "analyses", "dbt compiles analyses; this engine does not");

    private UnsupportedParts() {
    }

    /** What dbt_project.yml and the project's folders hold besides models, seeds, macros and tests. */
    static void inProject(Path root, MapNode project, Consumer<String> warnings) {
        List<String> testPaths = paths(project.get("test-paths"), "tests");
        if (!testPaths.equals(List.of("tests"))) {
            warnings.accept("dbt_project.yml, line " + project.get("test-paths").line() + ": test-paths: this engine reads singular and generic "
                    + "tests from tests/ only; tests under " + testPaths + " are not run");
        }
        for (String folder : paths(project.get("analysis-paths"), "analyses")) {
            forEachSqlFile(root, folder, (relative, text) -> warnings.accept(relative + ", line 1: analyses are not compiled by this engine"));
        }
        truthyNullsEquals(project, warnings);
    }

    /** dbt's behaviour flag that makes dbt.equals null-safe; the built-in equals macro is dbt's default, a plain comparison. */
    private static void truthyNullsEquals(MapNode project, Consumer<String> warnings) {
        if (project.get("flags") instanceof MapNode flags && flags.get("enable_truthy_nulls_equals_macro") instanceof Scalar flag
                && "true".equalsIgnoreCase(String.valueOf(flag.value()))) {
            warnings.accept("dbt_project.yml, line " + flag.line() + ": flags: enable_truthy_nulls_equals_macro is not read by this engine: "
                    + "dbt.equals(a, b) stays (a = b), null when either side is null, where dbt would count two nulls as equal");
        }
    }

    /** A properties file's keys this engine does not read; a model with {@code versions:} fails. */
    static void inProperties(String file, MapNode top, Consumer<String> warnings) {
        PROPERTIES.forEach((key, effect) -> {
            Node value = top.get(key);
            if (value != null && !(value instanceof Scalar scalar && scalar.value() == null)) {
                warnings.accept(file + ", line " + value.line() + ": " + key + ": is ignored; " + effect);
            }
        });
        if (top.get("models") instanceof YamlTree.ListNode models) {
            for (Node entry : models.items()) {
                if (entry instanceof MapNode model && model.get("versions") != null) {
                    throw new TestbedException(file + ", line " + model.get("versions").line() + ": model " + model.get("name").plain()
                            + " has versions:, which this engine does not support; dbt builds each version as its own relation "
                            + "(<model>_v<version>).", "Remove versions: and keep one model per file, or build this project with dbt.");
                }
            }
        }
    }

    private static List<String> paths(Node node, String fallback) {
        if (node == null) {
            return List.of(fallback);
        }
        Object value = node.plain();
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    private static void forEachSqlFile(Path root, String folder, java.util.function.BiConsumer<String, String> action) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql")).sorted().toList()) {
                action.accept(root.relativize(file).toString().replace('\\', '/'), read(file));
            }
        } catch (IOException e) {
            throw new TestbedException("Cannot list the files in " + dir + ": " + FileErrors.describe(e), "Check the folder's permissions.", e);
        }
    }


    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + file + ": " + FileErrors.describe(e), "Check that the file is readable.", e);
        }
    }
}
