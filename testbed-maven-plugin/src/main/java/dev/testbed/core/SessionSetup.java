package dev.testbed.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a DuckDB that holds the lake needs besides the lake itself, in the order dbt-duckdb prepares a connection
 * (extensions, secrets, attachments, then settings): a dbt profile's {@code path}, {@code extensions},
 * {@code secrets}, other {@code attach} entries and {@code settings}.
 *
 * @param databasePath the DuckDB database the process opens ({@code :memory:}, or a file)
 * @param extensions   extensions to load before anything else
 * @param steps        statements run on every new DuckDB, in order, each with what it is for (its SQL may hold a
 *                     secret, so errors name only {@link Step#what})
 */
public record SessionSetup(String databasePath, List<String> extensions, List<Step> steps) {

    public static final String IN_MEMORY = ":memory:";

    public static final SessionSetup NONE = new SessionSetup(IN_MEMORY, List.of(), List.of());

    /**
     * One statement, what it is for, such as {@code attach 'ref.duckdb' as ref (profiles.yml diff.dev)}, and the
     * extensions it needs loaded first ({@link ExtensionNeeds}).
     */
    public record Step(String sql, String what, List<String> extensions) {

        public Step(String sql, String what) {
            this(sql, what, List.of());
        }

        public Step {
            extensions = List.copyOf(extensions);
        }
    }

    public SessionSetup {
        databasePath = databasePath == null || databasePath.isBlank() ? IN_MEMORY : databasePath;
        extensions = List.copyOf(extensions);
        steps = List.copyOf(steps);
    }

    public boolean inMemory() {
        return IN_MEMORY.equals(databasePath);
    }

    /** Loads the extensions (installed copy, online install or wheel, as for the lake's own) and runs the steps. */
    void prepare(Connection connection, DuckDbSettings settings) {
        for (String extension : extensions) {
            DuckDb.loadExtension(connection, extension, settings);
        }
        for (Step step : steps) {
            for (String extension : step.extensions()) {
                DuckDb.loadExtension(connection, extension, settings);
            }
            try {
                DuckDb.execute(connection, step.sql());
            } catch (SQLException e) {
                throw new TestbedException("DuckDB refused the " + step.what() + ": " + SqlErrors.message(e),
                        "Fix that entry of the profile; nothing was written to the lake.", e);
            }
        }
    }
}
