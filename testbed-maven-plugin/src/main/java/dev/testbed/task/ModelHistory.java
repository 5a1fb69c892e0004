package dev.testbed.task;

import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RunHistory;
import dev.testbed.results.ModelResult;
import dev.testbed.run.ModelRecorder;
import dev.testbed.state.ProjectMacros;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Records run-models' outcomes in the lake's run history, as rows of run {@code runId}. */
final class ModelHistory implements ModelRecorder {

    private final String runId;
    private final Reporter reporter;
    /** The project's macros and models, for each row's fingerprint: known from {@link #prepare} on. */
    private ProjectMacros macros;
    private ModelGraph graph;

    ModelHistory(String runId, Reporter reporter) {
        this.runId = runId;
        this.reporter = reporter;
    }

    @Override
    public void prepare(Lake lake, ProjectGraph loaded) {
        RunHistory.ensureTables(lake);
        macros = ProjectMacros.of(loaded.project(), loaded.compiler().renderInputs());
        this.graph = loaded.graph();
    }

    /** The history row of one model's outcome in this run, once {@link #prepare} ran. */
    RunHistory.ModelRun row(ModelResult result) {
        return RunHistory.ModelRun.of(runId, result, graph, macros);
    }

    @Override
    public void built(Connection transaction, String catalog, ModelResult result) throws SQLException {
        RunHistory.insert(transaction, catalog, row(result));
    }

    /** Errors and skips have no transaction of their own: they go in one small one after the run. */
    @Override
    public void unsuccessful(Lake lake, List<ModelResult> results) {
        try {
            lake.writer().commit("testbed history: " + results.size() + " failed or skipped models", c -> {
                for (ModelResult result : results) {
                    RunHistory.insert(c, lake.location().alias(), row(result));
                }
                return null;
            });
        } catch (SQLException e) {
            reporter.warn("Could not record the failed models in the run history: " + SqlErrors.message(e));
        }
    }
}
