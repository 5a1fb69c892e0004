package dev.testbed.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of the lineage graph and its page: a source, seed, model or data test. Mutable while the site is
 * assembled, then serialized for the page script.
 */
final class Asset {

    /** {@code source:raw.raw_sales}, {@code model:stg_sales}, {@code seed:regions}, {@code test:unique_...}. */
    final String id;
    final String name;
    final String kind;
    String materialization = "";
    String relation = "";
    String description = "";
    String file = "";
    String rawSql = "";
    String compiledSql = "";
    long rows = -1;
    String status = "";
    boolean upToDate;
    String freshness = "";
    final List<Map<String, Object>> columns = new ArrayList<>();
    final List<String> upstream = new ArrayList<>();
    final List<String> downstream = new ArrayList<>();
    /** The data tests defined on this asset (its schema.yml entries, or singular tests naming it first), for the graph's test badge. */
    final List<String> tests = new ArrayList<>();
    final List<Map<String, Object>> history = new ArrayList<>();
    /** A model's row count at its recent versions, oldest first: {@code snapshot}, {@code runId}, {@code value}. */
    final List<Map<String, Object>> rowCounts = new ArrayList<>();
    /** The recorded measurements of a test, or of a model's tests: {@code test} and its {@code points}, oldest first. */
    final List<Map<String, Object>> measurements = new ArrayList<>();
    /** A model's entry of the last build's diff ({@code diff.json}'s shape), or null. */
    Map<String, Object> diff;

    Asset(String kind, String name) {
        this.kind = kind;
        this.name = name;
        this.id = kind + ":" + name;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("id", id);
        map.put("name", name);
        map.put("kind", kind);
        map.put("materialization", materialization);
        map.put("relation", relation);
        map.put("description", description);
        map.put("file", file);
        map.put("rawSql", rawSql);
        map.put("compiledSql", compiledSql);
        map.put("rows", rows);
        map.put("status", status);
        map.put("upToDate", upToDate);
        map.put("freshness", freshness);
        map.put("columns", columns);
        map.put("upstream", upstream);
        map.put("downstream", downstream);
        map.put("tests", tests);
        map.put("history", history);
        map.put("rowCounts", rowCounts);
        map.put("measurements", measurements);
        map.put("diff", diff);
        return map;
    }
}
