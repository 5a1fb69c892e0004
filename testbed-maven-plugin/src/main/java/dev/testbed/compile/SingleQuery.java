package dev.testbed.compile;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes sure that a model's, singular test's or generic test's SQL is exactly one query before it is pasted after
 * {@code CREATE … AS}, where DuckDB would run every statement in it ({@code select 1; drop table lake.raw.raw_sales}).
 *
 * <p>DuckDB's own parser decides, through {@code json_serialize_sql(?)}: the json extension is linked into duckdb_jdbc,
 * the text travels as a parameter and is only parsed, and the function serializes SELECT statements only (set
 * operations, VALUES, FROM-first, PIVOT with an IN list, DESCRIBE and SUMMARIZE are all SELECT statements to DuckDB),
 * refusing any other. duckdb_jdbc has no call that extracts statements without running them, and its
 * {@code prepareStatement} executes every statement of a text but the last, so preparing the text itself is no check.
 * A PIVOT without an IN list is refused too: DuckDB runs it as two statements (it first creates an ENUM type of the
 * values) and refuses it in a view.
 *
 * <p>A trailing {@code ;} (and the comments after it) is accepted, as dbt accepts it, and cut off. Syntax errors are
 * reported here as well, with DuckDB's message and line, so a run stops before it builds anything.
 */
public final class SingleQuery implements AutoCloseable {

    private static final String PARSE = "SELECT j->>'$.error', j->>'$.error_type', j->>'$.error_message', j->>'$.position', "
            + "json_array_length(j->'$.statements') FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)";
    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth"};

    private final Connection connection;
    private final boolean owned;
    /**
     * The parse query, prepared once for every text an owned check parses: preparing it again for each text cost more
     * than the parsing (73 data tests, two parses each, took 0.13-0.18 s of verify-metrics). A check on a caller's
     * connection prepares it per text, as it lives no longer than one model's or test's compilation and is not closed.
     */
    private PreparedStatement parser;
    private int preparations;
    private final List<Refusal> refused = new ArrayList<>();

    /** One refused text: what the message says about it, and whether DuckDB could not parse it at all. */
    private record Refusal(String text, boolean syntaxError) {
    }

    private SingleQuery(Connection connection, boolean owned) {
        this.connection = connection;
        this.owned = owned;
    }

    /** A check on a DuckDB of its own, with nothing attached: parsing needs no catalog. */
    public static SingleQuery open(DuckDbSettings settings) {
        return new SingleQuery(DuckDb.open(settings), true);
    }

    /** A check on a connection the caller owns and keeps open. */
    public static SingleQuery on(Connection connection) {
        return new SingleQuery(connection, false);
    }

    /**
     * The query to run: {@code sql} without its trailing {@code ;}.
     *
     * @param origin what the SQL comes from, e.g. {@code models/marts/x.sql (model x)}
     * @throws TestbedException if the SQL is not exactly one query
     */
    public String require(String origin, String sql) {
        String body = check(origin, sql);
        if (body == null) {
            throw failure(refused.subList(refused.size() - 1, refused.size()), "It was not run.");
        }
        return body;
    }

    /** Like {@link #require}, but remembers the refusal for {@link #throwIfRefused} and returns null, so that all are reported at once. */
    public String check(String origin, String sql) {
        Parsed whole = parse(sql);
        if (whole.isOneQuery()) {
            String body = SqlText.of(sql).withoutTerminator();
            return parse(body).isOneQuery() ? body : sql.strip();
        }
        refused.add(new Refusal(origin + ": " + (whole.isSyntaxError() ? "DuckDB cannot parse it: " + whole.message() + pointer(sql, whole.position())
                : "it must be one query (a select), but " + found(sql, whole)), whole.isSyntaxError()));
        return null;
    }

    /**
     * The text without the {@code ;}, whitespace and comments after its last statement, for SQL that gets more text
     * appended (a test's {@code limit}) before it is checked.
     */
    public static String withoutTerminator(String sql) {
        return SqlText.of(sql).withoutTerminator();
    }

    /** @throws TestbedException naming every refused file, if {@link #check} refused any */
    public void throwIfRefused() {
        if (!refused.isEmpty()) {
            throw failure(refused, "Nothing was run; the lake is unchanged.");
        }
    }

    private static TestbedException failure(List<Refusal> problems, String outcome) {
        String nl = System.lineSeparator();
        String head = problems.size() == 1 ? "" : problems.size() + " files are not one query:" + nl + "  ";
        String problem = head + String.join(nl + "  ", problems.stream().map(Refusal::text).toList());
        String advice = problems.stream().allMatch(Refusal::syntaxError)
                ? "Fix the SQL at the line shown (lines count in the SQL as rendered, after Jinja). "
                : "A model or data test is one select statement (a trailing ';' is fine), which becomes the body of CREATE … AS; DuckDB "
                  + "would run any other statement in the file as well. ";
        return new TestbedException(problem, advice + outcome);
    }

    /** What DuckDB found instead of one query, e.g. "2 statements; the second is a DROP". */
    private String found(String sql, Parsed whole) {
        List<String> statements = SqlText.of(sql).statements();
        int count = Math.max(statements.size(), whole.statements());
        if (count == 0) {
            return "DuckDB found no statement in it.";
        }
        int other = -1;
        for (int i = 0; i < statements.size() && other < 0; i++) {
            if (!parse(statements.get(i)).isOneQuery()) {
                other = i;
            }
        }
        String kind = other < 0 ? null : firstWord(statements.get(other));
        if (count == 1) {
            return kind == null ? "DuckDB does not take it as a query: " + whole.message()
                    : kind.equals("PIVOT") || kind.equals("UNPIVOT")
                    ? "it is a " + kind + " without an IN list, which DuckDB runs as two statements (it first creates an ENUM type of the "
                      + "values); list the values: " + kind + " … ON column IN (value, …)."
                    : "DuckDB found " + withArticle(kind) + " statement, which is not a query.";
        }
        String which = other < 0 ? "each is a query" : "the " + (other < ORDINALS.length ? ORDINALS[other] : (other + 1) + "th") + " is "
                + (kind == null ? "a statement that is not a query" : withArticle(kind));
        return "DuckDB found " + count + " statements; " + which + ".";
    }

    private static String withArticle(String keyword) {
        return ("AEIOU".indexOf(keyword.charAt(0)) >= 0 ? "an " : "a ") + keyword;
    }

    private static String firstWord(String statement) {
        String text = statement.replaceAll("(?s)^(\\s|--[^\\n]*\\n?|/\\*.*?\\*/)*", "");
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end == 0 ? null : text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** DuckDB's own layout of a parser error's place: the line, and a caret under the position. */
    private static String pointer(String sql, int codePoints) {
        if (codePoints < 0 || codePoints > sql.codePointCount(0, sql.length())) {
            return "";
        }
        // DuckDB counts characters (code points), Java strings count UTF-16 units
        int position = sql.offsetByCodePoints(0, codePoints);
        int lineStart = sql.lastIndexOf('\n', position - 1) + 1;
        int lineEnd = sql.indexOf('\n', position);
        String prefix = "LINE " + (sql.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1) + ": ";
        String nl = System.lineSeparator();
        return nl + prefix + sql.substring(lineStart, lineEnd < 0 ? sql.length() : lineEnd).stripTrailing()
                + nl + " ".repeat(prefix.length() + position - lineStart) + "^";
    }

    private Parsed parse(String sql) {
        try {
            if (!owned) {
                preparations++;
                try (PreparedStatement statement = connection.prepareStatement(PARSE)) {
                    return parse(statement, sql);
                }
            }
            if (parser == null) {
                preparations++;
                parser = connection.prepareStatement(PARSE);
            }
            return parse(parser, sql);
        } catch (SQLException e) {
            // duckdb_jdbc closes a statement that threw: the next text prepares a fresh one
            closeParser();
            throw new TestbedException("DuckDB could not parse SQL to check that it is one query: " + SqlErrors.message(e), null, e);
        }
    }

    private static Parsed parse(PreparedStatement statement, String sql) throws SQLException {
        statement.setString(1, sql);
        try (ResultSet result = statement.executeQuery()) {
            result.next();
            String position = result.getString(4);
            return new Parsed(Boolean.parseBoolean(result.getString(1)), result.getString(2), result.getString(3),
                    position == null ? -1 : Integer.parseInt(position), result.getInt(5));
        }
    }

    /** How many times this check prepared its parse query: once for an owned check, whatever it parsed. */
    int preparations() {
        return preparations;
    }

    private void closeParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (SQLException ignored) {
                // a statement that failed is closed already
            }
            parser = null;
        }
    }

    /** json_serialize_sql's answer: an error (type "parser" for syntax errors), or the statements it serialized. */
    private record Parsed(boolean error, String errorType, String message, int position, int statements) {

        boolean isOneQuery() {
            return !error && statements == 1;
        }

        boolean isSyntaxError() {
            return error && "parser".equals(errorType);
        }
    }

    @Override
    public void close() {
        closeParser();
        if (owned) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // an in-memory DuckDB that only parsed text holds nothing to lose
            }
        }
    }
}
