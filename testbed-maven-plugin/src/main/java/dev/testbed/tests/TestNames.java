package dev.testbed.tests;

import dev.testbed.compile.PythonText;
import dev.testbed.results.TestName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How dbt-core 1.11 names a data test and makes its id ({@code synthesize_generic_test_names} in
 * parser/generic_test_builders.py, {@code create_test_node} in parser/schema_generic_tests.py); see {@link TestName}.
 */
final class TestNames {

    /** dbt keeps file names and aliases below this length. */
    private static final int MAX_SHORT_NAME = 64;
    private static final int HASH_LENGTH = 10;

    private TestNames() {
    }

    /** A test with a name of its own and no hash in its id, as dbt gives singular tests (named after their files). */
    static TestName plain(String project, String name) {
        return new TestName(name, name, "test." + project + "." + name);
    }

    /** A generic test named by the user with {@code name:}: that name serves as both name and short name. */
    static TestName given(String project, String name, Metadata metadata) {
        return new TestName(name, name, uniqueId(project, name, metadata));
    }

    /** A generic test named the way dbt synthesizes names from its type, what it tests and its arguments. */
    static TestName synthesized(String project, Metadata metadata, String target, boolean onSource) {
        String type = (onSource ? "source_" : "") + metadata.name();
        String identifier = (metadata.namespace() == null ? "" : metadata.namespace() + "_") + type + "_" + target;
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Object> argument : new TreeMap<>(metadata.kwargs()).entrySet()) {
            if (argument.getKey().equals("model")) {
                continue; // already in the name
            }
            Object value = argument.getValue();
            Collection<?> parts = value instanceof Map<?, ?> map ? map.values() : value instanceof List<?> list ? list
                    : java.util.Collections.singletonList(value);
            parts.forEach(part -> values.add(PythonText.str(part).replaceAll("[^0-9a-zA-Z_]+", "_")));
        }
        String full = identifier + "_" + String.join("__", values);
        String shortName = full.length() < MAX_SHORT_NAME ? full : identifier.substring(0, Math.min(30, identifier.length())) + "_" + md5(full);
        return new TestName(full, shortName, uniqueId(project, full, metadata));
    }

    /**
     * dbt's {@code test_metadata}: the generic test's name without its package, the package ({@code dbt_utils}) or null,
     * and its keyword arguments as written (not rendered) with {@code column_name} and {@code model}.
     */
    record Metadata(String name, String namespace, Map<String, Object> kwargs) {

        /**
         * @param model dbt's text for the tested node: {@code ref('orders')} or {@code source('raw', 'orders')}
         */
        static Metadata of(String name, String namespace, Map<String, Object> arguments, String model) {
            Map<String, Object> kwargs = new LinkedHashMap<>(arguments);
            kwargs.put("model", "{{ get_where_subquery(" + model + ") }}");
            return new Metadata(name, namespace, kwargs);
        }
    }

    private static String uniqueId(String project, String name, Metadata metadata) {
        Map<String, Object> hashable = new TreeMap<>();
        hashable.put("kwargs", leavesAsText(metadata.kwargs()));
        hashable.put("name", metadata.name());
        hashable.put("namespace", PythonText.str(metadata.namespace()));
        String hash = md5(name + PythonText.repr(hashable));
        return "test." + project + "." + name + "." + hash.substring(hash.length() - HASH_LENGTH);
    }

    /** dbt's {@code get_hashable_md}: mappings sorted by key, lists kept, every other value as its {@code str()}. */
    private static Object leavesAsText(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), leavesAsText(item)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TestNames::leavesAsText).toList();
        }
        return PythonText.str(value);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
