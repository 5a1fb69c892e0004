package dev.testbed.it.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One dbt-duckdb project of the differential corpus ({@code corpus/<name>/}): the project's own files, plus the
 * harness's {@code setup.sql} (run once on the fresh lake) and {@code between-runs.sql} (run before runs 2 and 3).
 *
 * @param lakeAlias the name the project's profile attaches the DuckLake under; views it builds name that catalog, so
 *                  the comparison attaches each lake under the same name
 */
public record CorpusProject(String name, Path directory, Optional<String> setupSql, Optional<String> betweenRunsSql, String lakeAlias,
                            List<String> dbtArgs, List<String> pluginArgs) {

    public static final String SETUP = "setup.sql";
    public static final String BETWEEN_RUNS = "between-runs.sql";
    /**
     * Optional: more arguments for both sides' every run, as properties {@code dbt} (added to {@code dbt build}) and
     * {@code plugin} (added to the Maven command), each split on spaces; e.g. a fixed --event-time-end, so that a
     * microbatch model's batches do not depend on the day the IT runs.
     */
    public static final String BUILD_ARGS = "build-args.properties";

    /** The projects under {@code corpus}, by folder name; a folder without {@code dbt_project.yml} is a mistake, not skipped. */
    public static List<CorpusProject> discover(Path corpus) {
        try (Stream<Path> folders = Files.list(corpus)) {
            return folders.filter(Files::isDirectory).sorted().map(CorpusProject::read).toList();
        } catch (IOException e) {
            throw new AssertionError("Cannot list the corpus " + corpus + ": " + e.getMessage(), e);
        }
    }

    public static CorpusProject read(Path directory) {
        if (!Files.isRegularFile(directory.resolve("dbt_project.yml"))) {
            throw new AssertionError("Corpus folder " + directory + " has no dbt_project.yml; every folder of the corpus must be a dbt project");
        }
        if (!Files.isRegularFile(directory.resolve("profiles.yml"))) {
            throw new AssertionError("Corpus project " + directory + " has no profiles.yml; dbt is run with DBT_PROFILES_DIR set to the project");
        }
        Properties args = new Properties();
        optionalText(directory.resolve(BUILD_ARGS)).ifPresent(text -> {
            try {
                args.load(new StringReader(text));
            } catch (IOException e) {
                throw new AssertionError("Cannot read " + directory.resolve(BUILD_ARGS) + ": " + e.getMessage(), e);
            }
        });
        return new CorpusProject(directory.getFileName().toString(), directory, optionalText(directory.resolve(SETUP)),
                optionalText(directory.resolve(BETWEEN_RUNS)), lakeAlias(directory.resolve("profiles.yml")), words(args.getProperty("dbt")),
                words(args.getProperty("plugin")));
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    /**
     * The alias of the profile's attachment whose path is the corpus lake's catalog ({@code warehouse.ducklake}), in any
     * output of any profile; {@code lake} when none names it (the harness convention).
     */
    static String lakeAlias(Path profiles) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(profiles.toFile());
            for (JsonNode profile : iterable(root)) {
                for (JsonNode output : iterable(profile.path("outputs"))) {
                    for (JsonNode attachment : iterable(output.path("attach"))) {
                        if (attachment.path("path").asText().contains("warehouse.ducklake") && attachment.hasNonNull("alias")) {
                            return attachment.get("alias").asText();
                        }
                    }
                }
            }
            return "lake";
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + profiles + ": " + e.getMessage(), e);
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }

    private static Optional<String> optionalText(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
