package dev.testbed.compile;

import java.util.List;

/**
 * The database a model's templates may query while it compiles, as dbt's {@code run_query}, {@code statement} and the
 * adapter's introspection do. The runners implement it on the connection that builds the node, so that a macro sees what
 * the build made before it; the compile layer itself knows no lake.
 */
public interface CompileDatabase {

    /** A column of a result or a relation: its name and the database's type name, e.g. {@code INTEGER}, {@code VARCHAR}. */
    record Column(String name, String dataType) {
    }

    /**
     * What one statement returned.
     *
     * @param columns      the result's columns; empty for a statement that returns no rows (DDL)
     * @param rows         the rows, each value as JDBC gives it
     * @param rowsAffected rows a DML statement changed, or -1 when unknown
     */
    record Result(List<Column> columns, List<List<Object>> rows, long rowsAffected) {
    }

    /**
     * Runs one statement (or several separated by {@code ;}, the last one's result returned).
     *
     * @throws dev.testbed.core.TestbedException naming the database's error
     */
    Result execute(String sql);

    /**
     * The kind of the relation, {@code table} or {@code view}, or null when there is none; names compare without regard
     * to case, as DuckDB's do.
     */
    String relationType(String database, String schema, String identifier);

    /** The relation's columns in order; empty when there is no such relation. */
    List<Column> columns(String database, String schema, String identifier);
}
