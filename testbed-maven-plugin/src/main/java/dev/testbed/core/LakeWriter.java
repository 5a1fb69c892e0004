package dev.testbed.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one owner of writes to a lake: every snapshot the engine makes is committed here, with the author
 * {@value #AUTHOR} and the caller's message, rerun whole (after a short random wait) when another writer's
 * commit wins, and committed one at a time among the workers of this process. Schema creation lives here
 * too, because DuckLake 1.5.5 needs the lake attached afresh after it (see {@link #ensureSchemas}).
 * One writer per open {@link Lake}: {@link Lake#writer()}.
 */
public final class LakeWriter {

    /** The author of every snapshot the engine commits. */
    public static final String AUTHOR = "testbed";

    /** Work whose commit is lost to other writers is rerun whole at most this many times in all. */
    public static final int MAX_ATTEMPTS = 15;

    /** Work that runs inside one DuckLake transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A unit of work that ends in a commit, run again whole when that commit is lost (see {@link #rerun}). */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** A statement that commits on its own. */
    @FunctionalInterface
    public interface Action {
        void run() throws SQLException;
    }

    /** Told of each lost commit just before the work is rerun: the attempt about to start and why the last one lost. */
    @FunctionalInterface
    public interface RerunListener {
        void rerunning(int nextAttempt, SQLException lost) throws SQLException;

        /** For bookkeeping writes, whose reruns need no report of their own. */
        RerunListener SILENT = (next, lost) -> { };
    }

    private final Lake lake;
    /**
     * The build transaction's connection while one is open ({@link #beginBuild}): every write joins it instead of
     * committing, and nothing reaches the lake until {@link #publishBuild}.
     */
    private Connection held;
    /** Held while committing: workers of one process run in parallel, but their commits to one lake never race. */
    private final Object commitLock = new Object();

    LakeWriter(Lake lake) {
        this.lake = lake;
    }

    /**
     * Runs {@code work} as one snapshot with {@code message}, rerun silently when its commit loses to another writer:
     * for bookkeeping writes (run history, stored test failures) whose reruns need no report of their own.
     */
    public <T> T commit(String message, Work<T> work) throws SQLException {
        return commit(lake.connection(), message, work, RerunListener.SILENT);
    }

    /**
     * The same on {@code connection} (a worker's connection to this lake), telling {@code listener} of each rerun
     * (for work whose reruns the user should see, such as a model's build).
     */
    public <T> T commit(Connection connection, String message, Work<T> work, RerunListener listener) throws SQLException {
        if (held != null) {
            return work.run(held);
        }
        return rerunAfterLostCommits(() -> {
            // each attempt on a connection of its own, closed afterwards, so a lost commit never leaves its
            // connection to later work (see Lake.freshConnection)
            try (Connection own = Lake.freshConnection(connection)) {
                return once(own, message, work);
            }
        }, listener);
    }

    /**
     * Runs {@code attempt}, a unit that ends in a {@link #once} on the lake's own connection, again whole each time that
     * commit is lost, with the lake's connection renewed before each rerun; for work that must look at the lake again
     * before it writes (a load that another writer may just have made).
     */
    public <T> T rerun(Attempt<T> attempt, RerunListener listener) throws SQLException {
        return rerunAfterLostCommits(attempt, (next, lost) -> {
            lake.renewConnectionAfterLostCommit();
            listener.rerunning(next, lost);
        });
    }

    /**
     * Runs {@code work} once as one snapshot on the lake's own connection. On any failure the transaction is rolled back
     * and the lake stays at its previous snapshot.
     */
    public <T> T once(String message, Work<T> work) throws SQLException {
        return once(lake.connection(), message, work);
    }

    /** Runs {@code action} holding the commit lock: a worker's statement that commits on its own (an auto-commit hook). */
    public void whileCommitting(Action action) throws SQLException {
        // inside a build transaction nothing commits on its own, so there is nothing to hold the lock for
        synchronized (commitLock) {
            action.run();
        }
    }

    /**
     * Creates those of {@code schemas} that do not exist yet, each in a snapshot of its own, before any work
     * puts relations into them. When two processes create one schema at the same moment, DuckLake 1.5.5 merges
     * the two commits and leaves the slower process with a schema that has no id in the catalog: a relation it
     * then creates there is committed with a garbage schema id, and from then on no process can load the lake
     * ("could not find schema that corresponds to the view entry"). So after creating any schema the lake is
     * attached afresh, which reloads the catalog as committed. Call it while no other connection of this
     * process uses the lake.
     */
    public void ensureSchemas(Collection<String> schemas) throws SQLException {
        if (held != null) {
            // inside the build transaction: the schemas commit with the build, or not at all
            for (String schema : new TreeSet<>(schemas)) {
                DuckDb.execute(held, "CREATE SCHEMA IF NOT EXISTS " + lake.location().alias() + "." + Sql.identifier(schema));
            }
            return;
        }
        boolean created = false;
        for (String schema : new TreeSet<>(schemas)) {
            for (int attempt = 1; !lake.schemaExists(schema); attempt++) {
                created = true;
                try {
                    DuckDb.execute(lake.connection(), "CREATE SCHEMA IF NOT EXISTS " + lake.location().alias() + "." + Sql.identifier(schema));
                } catch (SQLException e) {
                    if (attempt >= MAX_ATTEMPTS || !isCommitConflict(e)) {
                        throw e;
                    }
                    // lost the commit to another writer (perhaps one creating this very schema): look again
                    lake.renewConnectionAfterLostCommit();
                    backOff(attempt);
                    lake.reattach();
                }
            }
        }
        if (created) {
            lake.reattach();
        }
    }

    /**
     * Runs {@code ddl}, statements that create what is missing ({@code CREATE ... IF NOT EXISTS}), as one snapshot, then
     * attaches the lake afresh for the reason {@link #ensureSchemas} gives. When every attempt loses to other writers,
     * they were creating the same things at the same moment, which is as good. Call it while no other connection of
     * this process uses the lake.
     */
    public void createMissing(String message, Work<?> ddl) throws SQLException {
        if (held != null) {
            ddl.run(held);
            return;
        }
        try {
            commit(message, ddl);
        } catch (SQLException e) {
            if (!isCommitConflict(e)) {
                throw e;
            }
        }
        lake.reattach();
    }

    /** A commit that lost to another transaction (of this process or another one); running the whole transaction again may succeed. */
    public static boolean isCommitConflict(SQLException e) {
        String message = SqlErrors.message(e);
        return message.contains("Transaction conflict") || message.contains("cannot commit - no transaction is active")
                || message.contains("Failed to commit DuckLake transaction") || message.contains("maximum retry count");
    }

    /** The line of a failed commit that says why: DuckLake's "Transaction conflict - …" line when there is one. */
    public static String conflictReason(SQLException e) {
        String message = SqlErrors.message(e);
        return message.lines().filter(line -> line.contains("Transaction conflict")).findFirst()
                .orElse(message.lines().findFirst().orElse("")).strip();
    }

    private static <T> T rerunAfterLostCommits(Attempt<T> attempt, RerunListener listener) throws SQLException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (n >= MAX_ATTEMPTS || !isCommitConflict(e)) {
                    throw e;
                }
                listener.rerunning(n + 1, e);
                backOff(n);
            }
        }
    }

    /** Waits a short random time before a rerun, so that writers that collided do not collide again. */
    private static void backOff(int attempt) {
        try {
            // exponential with full jitter: with many writers a short, fixed wait lets the same commits collide again
            long ceiling = Math.min(3_000L, 100L << Math.min(attempt, 5));
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt on {@code connection}, a worker's connection to this lake: {@link #once(String, Work)} there. */
    public <T> T once(Connection connection, String message, Work<T> work) throws SQLException {
        if (held != null) {
            return work.run(held);
        }
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
            synchronized (commitLock) {
                DuckDb.execute(connection, "CALL " + lake.location().alias() + ".set_commit_message(" + Sql.literal(AUTHOR) + ", "
                        + Sql.literal(message) + ")");
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                // A failed COMMIT (such as a DuckLake transaction conflict) has already ended the transaction in
                // DuckDB while duckdb_jdbc still believes one is open; restoring auto-commit would then fail with
                // "cannot commit - no transaction is active" and leave the connection unusable for a rerun.
                // An empty transaction lets the driver close it normally.
                try {
                    DuckDb.execute(connection, "BEGIN TRANSACTION");
                } catch (SQLException begin) {
                    e.addSuppressed(begin);
                }
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /**
     * Opens the build transaction on the lake's own connection: from now on {@link #commit}, {@link #once},
     * {@link #ensureSchemas} and {@link #createMissing} run their work in it without committing, so the whole build
     * becomes one snapshot ({@link #publishBuild}) or none ({@link #abandonBuild}). Only that one connection may
     * write while it is open.
     */
    public void beginBuild() throws SQLException {
        if (held != null) {
            throw new IllegalStateException("a build transaction is already open on " + lake.location());
        }
        Connection connection = lake.connection();
        connection.setAutoCommit(false);
        held = connection;
    }

    /** True while a build transaction is open. */
    public boolean inBuild() {
        return held != null;
    }

    /**
     * Commits the build transaction as one snapshot with {@code message}. When another writer's commit wins, the lake's
     * connection is renewed, a new build transaction begun, {@code redo} run in it (the build's own work, again, against
     * what the other writer committed) and the commit tried again, after the usual backoff, at most
     * {@link #MAX_ATTEMPTS} times in all. When {@code redo} throws, no build transaction is left open.
     */
    public void publishBuild(String message, Attempt<Void> redo, RerunListener listener) throws SQLException {
        rerunAfterLostCommits(() -> {
            if (held == null) {
                beginBuild();
                try {
                    redo.run();
                } catch (SQLException | RuntimeException e) {
                    abandonBuild();
                    throw e;
                }
            }
            publishBuild(message);
            return null;
        }, listener);
    }

    /**
     * Commits the build transaction once as one snapshot with {@code message}. When another writer's commit wins, the
     * transaction is gone, the lake's connection renewed and the exception (a commit conflict) thrown.
     */
    public void publishBuild(String message) throws SQLException {
        Connection connection = requireBuild();
        try {
            synchronized (commitLock) {
                DuckDb.execute(connection, "CALL " + lake.location().alias() + ".set_commit_message(" + Sql.literal(AUTHOR) + ", "
                        + Sql.literal(message) + ")");
                connection.commit();
            }
            held = null;
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            held = null;
            // the failed commit may leave duckdb_jdbc believing a transaction is open: never reuse that connection
            lake.renewConnectionAfterLostCommit();
            throw e;
        }
    }

    /** Rolls the build transaction back: the lake stays at the snapshot it had before the build began. */
    public void abandonBuild() throws SQLException {
        Connection connection = requireBuild();
        held = null;
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            lake.renewConnectionAfterLostCommit();
        }
    }

    private Connection requireBuild() {
        if (held == null) {
            throw new IllegalStateException("no build transaction is open on " + lake.location());
        }
        return held;
    }
}
