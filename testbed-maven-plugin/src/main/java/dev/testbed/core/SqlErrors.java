package dev.testbed.core;

import java.sql.SQLException;

/** Turns DuckDB's JDBC errors into the message a user needs to read. */
public final class SqlErrors {

    private static final String PENDING_QUERY_WRAPPER = "Attempting to execute an unsuccessful or closed pending query result";

    private SqlErrors() {
    }

    /**
     * The real DuckDB error. duckdb_jdbc 1.5.x prefixes failures of {@code Statement.execute} with a
     * misleading "unsuccessful or closed pending query" line; the real error follows after "Error: ".
     */
    public static String message(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int wrapper = message.indexOf(PENDING_QUERY_WRAPPER);
        if (wrapper >= 0) {
            String rest = message.substring(wrapper + PENDING_QUERY_WRAPPER.length());
            int error = rest.indexOf("Error: ");
            message = (error >= 0 ? rest.substring(error + "Error: ".length()) : rest).strip();
        }
        return OutOfMemoryAdvice.apply(printable(message));
    }

    /** DuckDB sometimes quotes raw bytes from a damaged file; show them as escapes, not terminal garbage. */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
