package dev.testbed.run;

import dev.testbed.core.Lake;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.results.ModelResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where run-models keeps a record of each model's outcome. The runner only decides when; the task layer decides what
 * (the lake's run history), so the runner writes no history of its own.
 */
public interface ModelRecorder {

    /** Before any model runs, on the lake's own connection; {@code loaded} is the project about to run, its models and compiler. */
    void prepare(Lake lake, ProjectGraph loaded);

    /** Inside a built model's own transaction, so the record and the data commit together or not at all. */
    void built(Connection transaction, String catalog, ModelResult result) throws SQLException;

    /** After the run, for the models that failed or were skipped (never empty). */
    void unsuccessful(Lake lake, List<ModelResult> results);

}
