package dev.testbed.state;

import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a model's build depends on besides its inputs' data, as short hashes the run history stores beside each build:
 * its code (a model's SQL text; a seed's CSV file), its resolved config, and each project macro it calls.
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

    public static Fingerprint of(ParsedModel model, ProjectMacros projectMacros) {
        boolean seed = model.config().materialized() == Materialization.SEED;
        String code = seed ? hash(fileBytes(model)) : hash(model.file().sql());
        Map<String, String> macros = new TreeMap<>();
        if (!seed) {
            projectMacros.usedBy(model.file().sql()).forEach(name -> macros.put(name, hash(projectMacros.body(name))));
        }
        Map<String, Object> config = new TreeMap<>(model.config().raw() == null ? Map.of() : model.config().raw());
        NOT_COMPARED.forEach(config::remove);
        return new Fingerprint(code, hash(canonical(config) + " materialized=" + model.config().materialized()), macros);
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
