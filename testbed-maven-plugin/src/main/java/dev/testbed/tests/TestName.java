package dev.testbed.tests;

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
 * A data test's names and id, as dbt-core 1.11 makes them ({@code synthesize_generic_test_names} in
 * parser/generic_test_builders.py, {@code create_test_node} in parser/schema_generic_tests.py).
 *
 * @param name      the test's name: what the console, run_results.json, JUnit, the history and selection use; for a
 *                  generic test the full synthesized name however long, e.g.
 *                  {@code relationships_orders_customer_id__id__ref_customers_}
 * @param shortName the name of its compiled file and, unless {@code alias} is configured, of its store_failures table:
 *                  the name itself below 64 characters, else the first 30 characters of test type and model, then the
 *                  MD5 of the full name
 * @param uniqueId  {@code test.<project>.<name>}, and for a generic test a dot and the last 10 hex digits of an MD5 over the
 *                  name and the test's metadata, so that two tests of one name still get two ids
 */
public record TestName(String name, String shortName, String uniqueId) {

    /** dbt keeps file names and aliases below this length. */
    private static final int MAX_SHORT_NAME = 64;
    private static final int HASH_LENGTH = 10;

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

    /** The same test, made distinct from an earlier one of the same name by a suffix. */
    TestName numbered(int occurrence) {
        return new TestName(name + "_" + occurrence, shortName + "_" + occurrence, uniqueId);
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
            return list.stream().map(TestName::leavesAsText).toList();
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
