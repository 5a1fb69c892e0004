package dev.testbed.run;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.core.DuckDb;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.Hooks;
import dev.testbed.project.ParsedModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's or seed's hooks rendered for one build, run where dbt's materializations run them: pre-hooks with
 * {@code transaction: false} before the build's transaction begins, the other pre-hooks first inside it, the other
 * post-hooks last inside it (before the commit), post-hooks with {@code transaction: false} after the commit.
 */
record NodeHooks(String node, List<Statement> pre, List<Statement> post) {

    static final NodeHooks NONE = new NodeHooks("", List.of(), List.of());

    /** One rendered hook; {@code what} names it in messages (which hook, of which node, set where). */
    record Statement(String what, String sql, boolean transaction) {
    }

    /** Renders every hook of the node up front, so that a template error fails the build before anything is written. */
    static NodeHooks render(ParsedModel model, ModelCompiler compiler, CompileContext context) {
        Hooks hooks = model.config().hooks();
        if (hooks.isEmpty()) {
            return NONE;
        }
        String node = model.name() + " (" + model.file().relativePath() + ")";
        return new NodeHooks(node, render(model, compiler, context, hooks.pre(), "pre-hook"), render(model, compiler, context, hooks.post(), "post-hook"));
    }

    private static List<Statement> render(ParsedModel model, ModelCompiler compiler, CompileContext context, List<Hooks.Hook> hooks, String kind) {
        List<Statement> rendered = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            Hooks.Hook hook = hooks.get(i);
            String what = kind + " " + (i + 1) + " of " + hooks.size() + " of " + model.name() + ", set in " + hook.origin();
            String sql;
            synchronized (compiler) { // one Jinja engine for the run, as for the models themselves
                sql = compiler.renderHook(model, hook, context, what);
            }
            rendered.add(new Statement(what, sql.strip(), hook.transaction()));
        }
        return List.copyOf(rendered);
    }

    /** These hooks without the post-hooks: a microbatch model's batches before the last, as dbt runs them. */
    NodeHooks withoutPost() {
        return new NodeHooks(node, pre, List.of());
    }

    /** These hooks without the pre-hooks: a microbatch model's batches after the first. */
    NodeHooks withoutPre() {
        return new NodeHooks(node, List.of(), post);
    }

    /**
     * The pre-hooks that run before the transaction begins, each committed on its own on the worker's (auto-commit)
     * connection, holding the writer's commit lock: a commit racing another worker's commit to the same DuckLake can fail spuriously.
     */
    void beforeBegin(Connection connection, LakeWriter writer) {
        run(connection, pre, false, "Nothing was built.", writer);
    }

    /** The pre-hooks of the transaction, before the build's own statements. */
    void startOfTransaction(Connection connection) {
        run(connection, pre, true, "The model's transaction was rolled back: nothing it wrote is in the lake.", null);
    }

    /** The post-hooks of the transaction, after the build's own statements and before the commit. */
    void endOfTransaction(Connection connection) {
        run(connection, post, true, "The model's transaction was rolled back: nothing it wrote is in the lake.", null);
    }

    /** The post-hooks that run after the commit, as {@link #beforeBegin}; a failure leaves the committed model in place, as in dbt. */
    void afterCommit(Connection connection, String relation, LakeWriter writer) {
        run(connection, post, false, relation + " was built and committed before this hook ran, and stays; the hooks after it did not run.", writer);
    }

    /** @param writer holds its commit lock while a hook outside the transaction commits; null for the hooks inside it */
    private void run(Connection connection, List<Statement> statements, boolean transaction, String consequence, LakeWriter writer) {
        for (Statement statement : statements) {
            if (statement.transaction() != transaction || statement.sql().isEmpty()) {
                continue; // dbt skips a hook that renders to nothing
            }
            try {
                if (writer == null) {
                    DuckDb.execute(connection, statement.sql());
                } else {
                    writer.whileCommitting(() -> DuckDb.execute(connection, statement.sql()));
                }
            } catch (SQLException e) {
                throw new TestbedException("The " + statement.what() + " failed: " + SqlErrors.message(e) + System.lineSeparator()
                        + "hook SQL: " + statement.sql() + System.lineSeparator() + consequence,
                        "Fix the hook's SQL (it runs as rendered above), then run the build again.", e);
            }
        }
    }
}
