package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code unit_tests:} in a properties file (dbt 1.8+), as written: which model it tests, the rows it gives
 * the model's inputs, the rows it expects, and what it overrides. Rows are kept as YAML read them (dict) or as text (csv,
 * sql); turning them into SQL needs the input relations' column types, which only the warehouse knows.
 *
 * @param file       the properties file, relative to the project, e.g. {@code models/schema.yml}
 * @param line       the entry's line in that file
 * @param definition the entry as one canonical text, for the up-to-date check: any change to it reruns the test
 */
public record UnitTestDefinition(String name, String model, String description, List<Fixture> given, Fixture expect, Overrides overrides,
                                 Set<String> tags, Map<String, Object> meta, boolean enabled, String file, Path path, int line,
                                 String definition) {

    /** dbt's {@code format:} of a fixture's rows. */
    public enum Format {
        DICT, CSV, SQL
    }

    /**
     * The rows of one input ({@code given}) or of the expected output ({@code expect}).
     *
     * @param input   {@code ref('m')}, {@code source('s', 't')} or {@code this}; null for {@code expect}
     * @param rows    dict rows as YAML read them (column → value), or null for csv and sql
     * @param text    the csv or sql text, inline or read from {@code fixture:}; null for dict
     * @param fixture the {@code fixture:} name its text came from, or null when inline
     * @param line    where it is written
     */
    public record Fixture(String input, Format format, List<Map<String, Object>> rows, String text, String fixture, int line) {
    }

    /**
     * {@code overrides:} of a unit test.
     *
     * @param macros  macro name → the value the macro returns in this test ({@code is_incremental: true})
     * @param vars    var name → value, over the project's vars
     * @param envVars environment variable → value, over the environment
     */
    public record Overrides(Map<String, Object> macros, Map<String, Object> vars, Map<String, String> envVars) {

        public static final Overrides NONE = new Overrides(Map.of(), Map.of(), Map.of());
    }
}
