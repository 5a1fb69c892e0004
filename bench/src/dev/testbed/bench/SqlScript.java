package dev.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the bare-DuckDB reference's SQL files (bench/reference/*.sql): statements end with a semicolon at the end of a
 * line, {@code --} lines are comments, and {@code ${name}} stands for a value given when the script is read.
 */
record SqlScript(Path file, List<String> statements) {

    static SqlScript read(Path file, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference SQL " + file, e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                statements.add(statement.toString().strip());
                statement.setLength(0);
            }
        }
        if (!statement.toString().isBlank()) {
            statements.add(statement.toString().strip());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException(file + " still has a ${...} placeholder after filling in " + values.keySet());
        }
        return new SqlScript(file, statements);
    }

    /** Runs every statement in order; a failure names the file and the statement. */
    void run(Connection connection) {
        for (String sql : statements) {
            // a fresh statement each time: after a failure duckdb_jdbc closes the statement it ran on
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(file.getFileName() + " failed: " + e.getMessage() + "\n  in: " + sql, e);
            }
        }
    }
}
