package dev.testbed.project;

import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.UnitTestDefinition.Fixture;
import dev.testbed.project.UnitTestDefinition.Format;
import dev.testbed.project.UnitTestDefinition.Overrides;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the {@code unit_tests:} of one properties file as dbt-core 1.11 does (parser/unit_tests.py): a name and a model
 * are required, {@code given} inputs each name a {@code ref}, {@code source} or {@code this}, rows default to the dict
 * format, csv and sql rows may come from a {@code fixture:} file under {@code tests/fixtures}, and keys dbt does not know
 * are refused. What the rows mean is decided later, against the model and the warehouse.
 */
final class UnitTestParser {

    private static final Set<String> KEYS = Set.of("name", "model", "description", "given", "expect", "overrides", "config", "versions");
    private static final Set<String> FIXTURE_KEYS = Set.of("input", "rows", "format", "fixture");
    private static final Set<String> OVERRIDE_KEYS = Set.of("macros", "vars", "env_vars");
    private static final Set<String> CONFIG_KEYS = Set.of("tags", "meta", "enabled");
    /** dbt's default fixture folder: {@code fixtures} under the test paths. */
    static final String FIXTURES = "tests/fixtures";

    private final Path root;
    private final String file;
    private final Path path;

    UnitTestParser(Path root, String file, Path path) {
        this.root = root;
        this.file = file;
        this.path = path;
    }

    List<UnitTestDefinition> parse(Node unitTests) {
        List<UnitTestDefinition> parsed = new ArrayList<>();
        if (unitTests == null || unitTests instanceof Scalar scalar && scalar.value() == null) {
            return parsed;
        }
        if (!(unitTests instanceof ListNode list)) {
            throw error(unitTests, "unit_tests must be a list.", "Write each unit test as '- name: ...' with model, given and expect below it.");
        }
        for (Node item : list.items()) {
            parsed.add(unitTest(map(item, "a unit test")));
        }
        return parsed;
    }

    private UnitTestDefinition unitTest(MapNode entry) {
        String name = required(entry, "name", "a unit test");
        String what = "unit test '" + name + "'";
        unknownKeys(entry, KEYS, what);
        String model = required(entry, "model", what);
        if (entry.get("versions") != null) {
            throw error(entry.get("versions"), what + " has versions:, and this engine has no model versions.", "Remove versions:.");
        }
        List<Fixture> given = new ArrayList<>();
        Node givenNode = entry.get("given");
        if (!(givenNode instanceof ListNode inputs)) {
            throw error(givenNode == null ? entry : givenNode, what + " has no 'given' list.",
                    "Add 'given:' with one '- input: ref(...)' per model or source the model reads, as dbt requires.");
        }
        for (Node input : inputs.items()) {
            MapNode fixture = map(input, "an input of " + what);
            String ref = required(fixture, "input", "an input of " + what);
            given.add(fixture(fixture, ref, what + ", input " + ref));
        }
        Node expectNode = entry.get("expect");
        if (expectNode == null) {
            throw error(entry, what + " has no 'expect'.", "Add 'expect:' with the rows the model should return.");
        }
        Fixture expect = fixture(map(expectNode, "expect of " + what), null, what + ", expect");
        Overrides overrides = overrides(entry.get("overrides"), what);
        MapNode config = entry.get("config") == null ? null : map(entry.get("config"), "config of " + what);
        Set<String> tags = new TreeSet<>();
        Map<String, Object> meta = Map.of();
        boolean enabled = true;
        if (config != null) {
            unknownKeys(config, CONFIG_KEYS, "config of " + what);
            Object tagValue = config.get("tags") == null ? null : config.get("tags").plain();
            if (tagValue instanceof Collection<?> many) {
                many.forEach(tag -> tags.add(String.valueOf(tag)));
            } else if (tagValue != null) {
                tags.add(String.valueOf(tagValue));
            }
            if (config.get("meta") != null && config.get("meta").plain() instanceof Map<?, ?> values) {
                meta = new TreeMap<>();
                for (Map.Entry<?, ?> value : values.entrySet()) {
                    meta.put(String.valueOf(value.getKey()), value.getValue());
                }
            }
            if (config.get("enabled") != null) {
                String flag = String.valueOf(config.get("enabled").plain()).strip().toLowerCase(Locale.ROOT);
                if (!flag.equals("true") && !flag.equals("false")) {
                    throw error(config.get("enabled"), "enabled of " + what + " must be true or false.", "Write 'enabled: false' or leave it out.");
                }
                enabled = flag.equals("true");
            }
        }
        String description = entry.get("description") == null ? "" : String.valueOf(entry.get("description").plain());
        return new UnitTestDefinition(name, model, description, List.copyOf(given), expect, overrides, Set.copyOf(tags), meta, enabled, file, path,
                entry.line(), canonical(entry.plain()) + fixtureTexts(given, expect));
    }

    private Fixture fixture(MapNode node, String input, String what) {
        unknownKeys(node, input == null ? Set.of("rows", "format", "fixture") : FIXTURE_KEYS, what);
        String formatText = node.get("format") == null ? "dict" : String.valueOf(node.get("format").plain()).strip().toLowerCase(Locale.ROOT);
        Format format = switch (formatText) {
            case "dict" -> Format.DICT;
            case "csv" -> Format.CSV;
            case "sql" -> Format.SQL;
            default -> throw error(node.get("format"), what + " has format '" + formatText + "'.", "Use dict (the default), csv or sql, as dbt does.");
        };
        Node rows = node.get("rows");
        Node fixtureName = node.get("fixture");
        if (format == Format.DICT) {
            if (fixtureName != null) {
                throw error(fixtureName, what + " names a fixture file, which dbt reads only for the csv and sql formats.", "Add 'format: csv' or 'format: sql'.");
            }
            if (rows == null || rows instanceof Scalar scalar && scalar.value() == null) {
                if (input != null && input.strip().startsWith("ref(")) {
                    return new Fixture(input, format, null, null, null, node.line()); // dbt reads a seed's own file for these
                }
                return new Fixture(input, format, List.of(), null, null, node.line());
            }
            if (!(rows instanceof ListNode list)) {
                throw error(rows, what + " has rows which do not match format dict.", "Write each row as '- {column: value, ...}'.");
            }
            List<Map<String, Object>> parsed = new ArrayList<>();
            for (Node row : list.items()) {
                if (!(row.plain() instanceof Map<?, ?> values)) {
                    throw error(row, what + " has a row that is not a mapping.", "Write each row as '- {column: value, ...}'.");
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                values.forEach((key, value) -> copy.put(String.valueOf(key), value));
                parsed.add(copy);
            }
            return new Fixture(input, format, List.copyOf(parsed), null, null, node.line());
        }
        if (fixtureName != null) {
            String name = String.valueOf(fixtureName.plain()).strip();
            return new Fixture(input, format, null, readFixture(name, format == Format.CSV ? ".csv" : ".sql", fixtureName), name, node.line());
        }
        if (rows == null || !(rows instanceof Scalar scalar) || scalar.value() == null) {
            throw error(rows == null ? node : rows, what + " has rows or fixtures which do not match format " + formatText + ". Expected string.",
                    "Write the rows as a text block ('rows: |') or name a file with 'fixture:'.");
        }
        return new Fixture(input, format, null, scalar.text(), null, node.line());
    }

    /** A fixture file: {@code <name>.csv} or {@code <name>.sql} anywhere under tests/fixtures, as dbt finds it by name. */
    private String readFixture(String name, String extension, Node at) {
        Path folder = root.resolve(FIXTURES);
        List<Path> found = List.of();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                found = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().equals(name + extension)).sorted().toList();
            } catch (IOException e) {
                throw new TestbedException("Cannot read " + folder + ": " + FileErrors.describe(e), "Check that the folder is readable.", e);
            }
        }
        if (found.isEmpty()) {
            throw error(at, "File not found for fixture '" + name + "' in unit tests (looked for " + name + extension + " under " + FIXTURES + ").",
                    "Put the file at " + FIXTURES + "/" + name + extension + ", or write the rows inline.");
        }
        try {
            String text = Files.readString(found.get(0), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new TestbedException("Cannot read the fixture " + found.get(0) + ": " + FileErrors.describe(e), "Check that the file is readable.", e);
        }
    }

    private Overrides overrides(Node node, String what) {
        if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
            return Overrides.NONE;
        }
        MapNode overrides = map(node, "overrides of " + what);
        unknownKeys(overrides, OVERRIDE_KEYS, "overrides of " + what);
        Map<String, Object> macros = plainMap(overrides.get("macros"), "overrides.macros of " + what);
        Map<String, Object> vars = plainMap(overrides.get("vars"), "overrides.vars of " + what);
        Map<String, String> env = new TreeMap<>();
        plainMap(overrides.get("env_vars"), "overrides.env_vars of " + what).forEach((key, value) -> env.put(key, value == null ? null : String.valueOf(value)));
        return new Overrides(macros, vars, env);
    }

    private Map<String, Object> plainMap(Node node, String what) {
        if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
            return Map.of();
        }
        Map<String, Object> values = new TreeMap<>();
        map(node, what).entries().forEach((key, value) -> values.put(key, value.plain()));
        return values;
    }

    private void unknownKeys(MapNode node, Set<String> known, String what) {
        for (String key : node.entries().keySet()) {
            if (!known.contains(key)) {
                throw error(node.get(key), what + " has the key '" + key + "', which dbt does not accept there.",
                        "Use only " + String.join(", ", new TreeSet<>(known)) + "." + ClosestName.didYouMean(key, known));
            }
        }
    }

    private MapNode map(Node node, String what) {
        if (node instanceof MapNode map) {
            return map;
        }
        throw error(node, what + " must be a mapping of 'key: value' lines.", "Indent its keys below it as 'key: value'.");
    }

    private String required(MapNode map, String key, String what) {
        Node value = map.get(key);
        if (!(value instanceof Scalar scalar) || scalar.value() == null || scalar.text().isBlank()) {
            throw error(value == null ? map : value, what + " has no '" + key + "'.", "Add '" + key + ": ...' to the entry.");
        }
        return scalar.text().strip();
    }

    private TestbedException error(Node node, String problem, String suggestion) {
        return new TestbedException(file + (node == null ? "" : ", line " + node.line()) + ": " + problem, suggestion);
    }

    /** The text of the fixture files the test reads: editing one changes the test. */
    private static String fixtureTexts(List<Fixture> given, Fixture expect) {
        StringBuilder text = new StringBuilder();
        Stream.concat(given.stream(), Stream.of(expect)).filter(f -> f.fixture() != null)
                .forEach(f -> text.append("\nfixture ").append(f.fixture()).append(":\n").append(f.text()));
        return text.toString();
    }

    /** Maps with sorted keys, so that reordering keys in YAML is no change. */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), canonical(item)));
            return sorted.toString();
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(UnitTestParser::canonical).toList().toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }
}
