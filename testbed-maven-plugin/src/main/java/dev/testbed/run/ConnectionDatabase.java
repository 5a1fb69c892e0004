package dev.testbed.run;

import dev.testbed.compile.CompileDatabase;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database a node's templates query while it compiles: the connection that builds the node. Inside the build
 * transaction (atomic publishing) that is the transaction's own connection, so a macro sees the relations this build made
 * before it, as dbt's macros see the models it committed before.
 */
public record ConnectionDatabase(Connection connection) implements CompileDatabase {

    @Override
    public Result execute(String sql) {
        // a fresh statement each time: after a failure duckdb_jdbc closes the statement
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return new Result(List.of(), List.of(), statement.getUpdateCount());
            }
            try (ResultSet rows = statement.getResultSet()) {
                return read(rows);
            }
        } catch (SQLException e) {
            throw new TestbedException("the query failed: " + SqlErrors.message(e) + System.lineSeparator() + "query: " + sql.strip(),
                    "Fix the SQL the template runs at compile time (run_query or statement).", e);
        }
    }

    private static Result read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
        }
        List<List<Object>> data = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rows.getObject(i));
            }
            data.add(row);
        }
        return new Result(List.copyOf(columns), data, -1);
    }

    @Override
    public String relationType(String database, String schema, String identifier) {
        String sql = "SELECT table_type FROM information_schema.tables WHERE lower(table_catalog) = lower(?) AND lower(table_schema) = lower(?)"
                + " AND lower(table_name) = lower(?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database);
            statement.setString(2, schema);
            statement.setString(3, identifier);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return "VIEW".equalsIgnoreCase(rows.getString(1)) ? "view" : "table";
            }
        } catch (SQLException e) {
            throw new TestbedException("cannot look up " + database + "." + schema + "." + identifier + ": " + SqlErrors.message(e), null, e);
        }
    }

    @Override
    public List<Column> columns(String database, String schema, String identifier) {
        String relation = Sql.identifier(database) + "." + Sql.identifier(schema) + "." + Sql.identifier(identifier);
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("DESCRIBE " + relation)) {
            while (rows.next()) {
                columns.add(new Column(rows.getString("column_name"), rows.getString("column_type")));
            }
        } catch (SQLException e) {
            throw new TestbedException("cannot describe " + relation + ": " + SqlErrors.message(e), null, e);
        }
        return List.copyOf(columns);
    }
}
