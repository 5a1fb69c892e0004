package dev.testbed.task;

import dev.testbed.core.Lake;
import dev.testbed.core.LakeWriter;
import dev.testbed.engine.Publish;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestRunResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What run-models hands on to verify-metrics of the same build. In {@code atomic} mode: the lake, still attached, with
 * the build transaction open and the models built in it (unpublished), and how to redo that work should the publish lose
 * its commit to another writer. In {@code each} mode: the data tests run-models already ran with the models. Closing it
 * rolls back whatever is still unpublished and detaches the lake, so a build that ends before verify-metrics (a goal in
 * between failed, or the JVM stops) publishes nothing.
 */
public final class PendingBuild implements AutoCloseable {

    /** Redoes one goal's share of the build's work in a fresh build transaction; throws when that work fails now. */
    @FunctionalInterface
    interface Redo {
        void redo(Lake lake) throws SQLException;
    }

    private final Publish publish;
    private final String runId;
    private final Lake lake;
    private final List<Redo> work = new ArrayList<>();
    private final RunResult models;
    private final TestRunResult testsRun;
    private final ModelHistory history;

    private PendingBuild(Publish publish, String runId, Lake lake, Redo redo, RunResult models, TestRunResult testsRun, ModelHistory history) {
        this.history = history;
        this.publish = publish;
        this.runId = runId;
        this.lake = lake;
        if (redo != null) {
            work.add(redo);
        }
        this.models = models;
        this.testsRun = testsRun;
    }

    static PendingBuild atomic(String runId, Lake lake, Redo redo, RunResult models, ModelHistory history) {
        return new PendingBuild(Publish.ATOMIC, runId, lake, redo, models, null, history);
    }

    static PendingBuild each(String runId, RunResult models, TestRunResult testsRun) {
        return new PendingBuild(Publish.EACH, runId, null, null, models, testsRun, null);
    }

    /** The run history of the models, for their rows (atomic mode). */
    ModelHistory history() {
        return history;
    }

    public Publish publish() {
        return publish;
    }

    public String runId() {
        return runId;
    }

    /** The lake with the build transaction open; null in {@code each} mode. */
    Lake lake() {
        return lake;
    }

    /** The models run-models built (or kept) for this build. */
    RunResult models() {
        return models;
    }

    /** The seeds and models run-models built in this build (not those it kept up to date, nor failed ones). */
    Set<String> rebuilt() {
        return models.models().stream().filter(m -> m.status() == ModelStatus.SUCCESS).map(m -> m.model().name())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** In {@code each} mode, the tests run-models ran with the models; else null. */
    TestRunResult testsRun() {
        return testsRun;
    }

    /**
     * Publishes the build transaction as one snapshot with {@code message}, after adding {@code more} (the last goal's
     * share) to the work redone when another writer's commit wins: then the whole build's work is redone in a fresh
     * transaction, within {@link LakeWriter#MAX_ATTEMPTS}.
     */
    void publish(String message, Redo more, LakeWriter.RerunListener reruns) throws SQLException {
        work.add(more);
        lake.writer().publishBuild(message, () -> {
            for (Redo redo : work) {
                redo.redo(lake);
            }
            return null;
        }, reruns);
    }

    /** Rolls back what is unpublished (nothing after a publish) and detaches the lake. */
    @Override
    public void close() {
        if (lake != null) {
            release(lake);
        }
    }

    /** Rolls back {@code lake}'s build transaction if one is open, and detaches the lake. */
    static void release(Lake lake) {
        try {
            if (lake.writer().inBuild()) {
                lake.writer().abandonBuild();
            }
        } catch (SQLException ignored) {
            // closing the connection below ends the transaction uncommitted anyway
        } finally {
            lake.close();
        }
    }
}
