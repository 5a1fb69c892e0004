package dev.testbed.state;

import dev.testbed.compile.SingleQuery;
import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.results.DataTest;
import dev.testbed.results.TestConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a model's build depends on besides its inputs' data, as short hashes the run history stores beside each build:
 * its code (a model's SQL text with that of the ephemeral models it reads; a seed's CSV file), its resolved config, and
 * each project macro it calls. A data test's counterpart is {@link #definition(DataTest)}.
 *
 * @param macros macro name → hash of its definition
 */
public record Fingerprint(String code, String config, Map<String, String> macros) {

    /**
     * Config keys that do not change what a build writes, and that dbt's state comparison leaves out too
     * ({@code CompareBehavior.Exclude} on NodeConfig's tags and group).
     */
    private static final List<String> NOT_COMPARED = List.of("tags", "group");

    public Fingerprint {
        macros = Map.copyOf(macros);
    }

    /** @param graph the project's graph, in which {@code model} is: for the ephemeral models it reads */
    public static Fingerprint of(ParsedModel model, ModelGraph graph, ProjectMacros projectMacros) {
        boolean seed = model.config().materialized() == Materialization.SEED;
        Map<String, String> macros = new TreeMap<>();
        String code;
        if (seed) {
            code = hash(fileBytes(model));
        } else {
            String text = withEphemerals(model, graph);
            String inputs = projectMacros.renderInputsOf(text);
            // a model that reads no var, env var or target keeps the hash of its bare text, as recorded before these counted
            code = hash(inputs.isEmpty() ? text : text + "\n-- render inputs\n" + inputs);
            projectMacros.usedBy(text).forEach(name -> macros.put(name, hash(projectMacros.body(name))));
        }
        Map<String, Object> config = new TreeMap<>(model.config().raw() == null ? Map.of() : model.config().raw());
        NOT_COMPARED.forEach(config::remove);
        return new Fingerprint(code, hash(canonical(config) + " materialized=" + model.config().materialized()), macros);
    }

    /**
     * A model's SQL text followed by that of each ephemeral model it reads (directly or through other ephemeral models):
     * those are compiled into it, so their code, and the macros they call, are part of its own. A model that reads none
     * keeps the hash of its bare text, as recorded before ephemeral models counted.
     */
    private static String withEphemerals(ParsedModel model, ModelGraph graph) {
        StringBuilder text = new StringBuilder(model.file().sql());
        for (String name : Lineage.through(graph, graph.parents(model.name()), EnumSet.of(Materialization.EPHEMERAL))) {
            ParsedModel input = graph.model(name);
            if (input.config().materialized() == Materialization.EPHEMERAL) {
                text.append("\n-- ephemeral ").append(name).append('\n').append(input.file().sql());
            }
        }
        return text.toString();
    }

    /**
     * The hash of what a data test checks and how its result counts: its compiled query (or why it did not compile) and
     * its severity, thresholds and stored failures; not its tags, which dbt's state comparison leaves out as for models.
     * The query counts without its trailing {@code ;} and whitespace, which the test runner strips before it runs (and
     * records) it, so that the collected test and the one that ran hash the same.
     */
    public static String definition(DataTest test) {
        TestConfig config = test.config();
        String query = test.sql() == null ? "compile error: " + test.compileError() : SingleQuery.withoutTerminator(test.sql()).strip();
        return hash(query + "\nseverity=" + config.severity()
                + " warn_if=" + config.warnIf() + " error_if=" + config.errorIf() + " store_failures=" + config.storeFailures());
    }

    /** The macros as one history column: {@code name=hash,name=hash}, sorted; empty when it calls none. */
    public String macrosText() {
        return new TreeMap<>(macros).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The inverse of {@link #macrosText()}; null (not recorded, as in lakes written before 2026-12) stays null. */
    public static Map<String, String> parseMacros(String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> macros = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                macros.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return macros;
    }

    /** A short fingerprint of a text: the first 8 bytes of its SHA-256, as hex (the run history's {@code code_hash}). */
    public static String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] fileBytes(ParsedModel seed) {
        try {
            return Files.readAllBytes(seed.file().path());
        } catch (IOException e) {
            throw new TestbedException("Cannot read the seed file " + seed.file().relativePath() + ": " + FileErrors.describe(e),
                    "Check that the file exists and is readable.", e);
        }
    }

    /** Maps with sorted keys, at every depth, so that the same config always hashes the same. */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(Fingerprint::canonical).collect(Collectors.toList()).toString();
        }
        return String.valueOf(value);
    }

    static List<String> changedMacros(Map<String, String> recorded, Map<String, String> now) {
        return now.entrySet().stream().filter(e -> !e.getValue().equals(recorded.get(e.getKey()))).map(Map.Entry::getKey).sorted().toList();
    }
}
