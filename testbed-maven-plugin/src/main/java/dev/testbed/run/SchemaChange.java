package dev.testbed.run;

import dev.testbed.core.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the columns of an increment's staged rows differ from its table's, as dbt's {@code check_for_schema_changes}
 * sees it: columns only the query has, columns only the table has, and columns of both whose type differs (with
 * the query's type). Names compare as DuckDB resolves them, without regard to case.
 */
record SchemaChange(List<Column> added, List<Column> removed, List<Column> retyped) {

    record Column(String name, String type) {

        @Override
        public String toString() {
            return name + " " + type;
        }

        private String key() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    static SchemaChange between(List<Column> query, List<Column> table) {
        Map<String, Column> inTable = byKey(table);
        Map<String, Column> inQuery = byKey(query);
        return new SchemaChange(
                query.stream().filter(c -> !inTable.containsKey(c.key())).toList(),
                table.stream().filter(c -> !inQuery.containsKey(c.key())).toList(),
                query.stream().filter(c -> inTable.containsKey(c.key()) && !inTable.get(c.key()).type().equalsIgnoreCase(c.type())).toList());
    }

    boolean changed() {
        return !added.isEmpty() || !removed.isEmpty() || !retyped.isEmpty();
    }

    /** The columns of a table, in order, with DuckDB's spelling of their types. */
    static List<Column> columnsOf(Connection connection, String database, String schema, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = " + Sql.literal(database)
                     + " AND schema_name = " + Sql.literal(schema) + " AND table_name = " + Sql.literal(table) + " ORDER BY column_index")) {
            while (rows.next()) {
                columns.add(new Column(rows.getString(1), rows.getString(2)));
            }
        }
        return columns;
    }

    static String names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, Column> byKey(List<Column> columns) {
        return columns.stream().collect(Collectors.toMap(Column::key, Function.identity(), (a, b) -> a));
    }
}
