package dev.testbed.run;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Relation;
import dev.testbed.core.DuckDb;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.Materialization;
import dev.testbed.project.RunHooks;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;

/**
 * Runs dbt_project.yml's {@code on-run-start} and {@code on-run-end} hooks as dbt's run task does: each one rendered
 * just before it runs, and run on its own, outside any transaction (so each is its own DuckLake snapshot). The first
 * hook that fails stops the rest of its kind.
 */
final class ProjectOperations {

    private final RunHooks hooks;
    private final ModelCompiler compiler;
    private final Reporter reporter;
    /** Attributes of {@code results} that a hook read and this engine does not provide, e.g. {@code timing}; reported per hook. */
    private final Set<String> missing = new TreeSet<>();

    ProjectOperations(RunHooks hooks, ModelCompiler compiler, Reporter reporter) {
        this.hooks = hooks;
        this.compiler = compiler;
        this.reporter = reporter;
    }

    /** on-run-start, before any node; a failure throws, and the run builds nothing. */
    void start(Connection connection, CompileContext context) {
        run(connection, hooks.start(), context, Map.of(), "No model was built.");
    }

    /**
     * on-run-end, after every node, with dbt's variables {@code schemas} and {@code database_schemas} (where nodes
     * were built successfully) and {@code results} (each node's status, message, timing and node).
     *
     * @return the failure, or null; the caller reports it after writing the run's artifacts
     */
    TestbedException end(Connection connection, CompileContext context, List<ModelResult> results, Function<String, String> packageOf) {
        Map<String, Object> extra = new LinkedHashMap<>();
        Set<List<String>> databaseSchemas = new LinkedHashSet<>();
        for (ModelResult result : results) {
            // a node kept up to date is in its schema as much as one built now, and dbt, which builds every node, lists it
            if ((result.status() == ModelStatus.SUCCESS || result.status() == ModelStatus.UP_TO_DATE)
                    && result.model().config().materialized() != Materialization.EPHEMERAL) {
                Relation relation = Relation.parse(result.relation());
                databaseSchemas.add(List.of(relation.getDatabase(), relation.getSchema()));
            }
        }
        extra.put("database_schemas", List.copyOf(databaseSchemas));
        extra.put("schemas", databaseSchemas.stream().map(pair -> pair.get(1)).distinct().toList());
        extra.put("results", results.stream().map(result -> result(result, packageOf, missing)).toList());
        try {
            run(connection, hooks.end(), context, extra, "The models' own results stand.");
            return null;
        } catch (TestbedException e) {
            return e;
        }
    }

    /** The attributes of dbt's RunResult that on-run-end hooks read. */
    private static Map<String, Object> result(ModelResult result, Function<String, String> packageOf, Set<String> missing) {
        String resourceType = result.model().config().materialized().resourceType();
        Map<String, Object> node = new Attributes("node.", missing);
        node.put("name", result.model().name());
        node.put("unique_id", resourceType + "." + packageOf.apply(result.model().name()) + "." + result.model().name());
        node.put("resource_type", resourceType);
        node.put("original_file_path", result.model().file().relativePath());
        node.put("tags", result.model().config().tags());
        node.put("config", result.model().config().raw());
        if (result.model().config().materialized() != Materialization.EPHEMERAL) {
            Relation relation = Relation.parse(result.relation());
            node.put("database", relation.getDatabase());
            node.put("schema", relation.getSchema());
            node.put("alias", relation.getIdentifier());
            node.put("relation_name", result.relation());
        }
        Map<String, Object> adapterResponse = new LinkedHashMap<>();
        adapterResponse.put("_message", result.message());
        if (result.rowsAffected() >= 0) {
            adapterResponse.put("rows_affected", result.rowsAffected());
        }
        Map<String, Object> entry = new Attributes("", missing);
        entry.put("status", result.status().dbtName());
        entry.put("message", result.message());
        entry.put("execution_time", result.elapsed().toNanos() / 1e9);
        entry.put("adapter_response", adapterResponse);
        entry.put("failures", null);
        entry.put("thread_id", "testbed-model");
        entry.put("node", node);
        return entry;
    }

    private static final String PROVIDED = "status, message, execution_time, adapter_response, failures, thread_id, node (name, unique_id, "
            + "resource_type, original_file_path, tags, config, database, schema, alias, relation_name)";

    /** A result's attributes, noting the ones a hook asks for and does not find, which Jinja would render as none without a word. */
    private static final class Attributes extends LinkedHashMap<String, Object> {

        private final String prefix;
        private final Set<String> missing;

        Attributes(String prefix, Set<String> missing) {
            this.prefix = prefix;
            this.missing = missing;
        }

        @Override
        public Object get(Object key) {
            if (key instanceof String name && !containsKey(name)) {
                missing.add(prefix + name);
            }
            return super.get(key);
        }
    }

    private void run(Connection connection, List<RunHooks.Hook> list, CompileContext context, Map<String, Object> extra, String consequence) {
        for (int i = 0; i < list.size(); i++) {
            RunHooks.Hook hook = list.get(i);
            String what = "hook " + hook.name() + " (" + hook.origin() + ")";
            String sql;
            synchronized (compiler) {
                sql = compiler.renderOperation(hook.sql(), what, context, extra, hook.packageName()).strip();
            }
            if (!missing.isEmpty()) {
                reporter.warn(hook.origin() + ": " + hook.name().substring(hook.name().indexOf('.') + 1, hook.name().lastIndexOf('.'))
                        + " reads results' " + String.join(", ", missing) + ", which this engine does not provide: "
                        + (missing.size() == 1 ? "it renders" : "they render") + " as none. Provided: " + PROVIDED + ".");
                missing.clear();
            }
            long started = System.nanoTime();
            if (!sql.isEmpty()) {
                try {
                    DuckDb.execute(connection, sql);
                } catch (SQLException e) {
                    int skipped = list.size() - i - 1;
                    throw new TestbedException("The " + what + " failed: " + SqlErrors.message(e) + System.lineSeparator() + "hook SQL: " + sql
                            + System.lineSeparator() + (skipped > 0 ? skipped + " hook(s) after it did not run. " : "") + consequence,
                            "Fix the hook's SQL in " + hook.origin() + " (it runs as rendered above), then run the build again.", e);
                }
            }
            reporter.info(String.format(Locale.ROOT, "%d of %d OK hook: %s [OK in %.2fs]", i + 1, list.size(), hook.name(),
                    (System.nanoTime() - started) / 1e9));
        }
    }
}
