package dev.testbed.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * Where SQL text's statements end, found by skipping strings, quoted identifiers and comments as DuckDB's lexer does.
 *
 * <p>This never decides whether text is safe to run: {@link SingleQuery} asks DuckDB's parser for that. It only cuts
 * the trailing {@code ;} off a query DuckDB accepted, and names the statements of text DuckDB refused. Were it to get a
 * boundary wrong, the cut would at worst leave a syntax error, since a prefix of one statement cannot hold two.
 */
final class SqlText {

    private final String sql;
    /** Where each statement's text starts and ends; statements that hold only whitespace and comments are left out. */
    private final List<int[]> statements = new ArrayList<>();

    private SqlText(String sql) {
        this.sql = sql;
        scan();
    }

    static SqlText of(String sql) {
        return new SqlText(sql);
    }

    /** The statements' texts, without their {@code ;}. */
    List<String> statements() {
        return statements.stream().map(span -> sql.substring(span[0], span[1]).strip()).toList();
    }

    /** The text up to the end of its last statement: without the {@code ;}, whitespace and comments after it. */
    String withoutTerminator() {
        return statements.isEmpty() ? sql.strip() : sql.substring(0, statements.get(statements.size() - 1)[1]);
    }

    private void scan() {
        int start = 0;
        int end = -1; // after the last character of code (not whitespace, comment or ';') of the current statement
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int next;
            if (c == ';') {
                close(start, end);
                start = i + 1;
                end = -1;
                i++;
                continue;
            } else if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? sql.length() : eol + 1;
                continue;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = blockCommentEnd(i);
                continue;
            } else if (c == '\'') {
                next = quotedEnd(i, '\'', escapeStrings(i));
            } else if (c == '"') {
                next = quotedEnd(i, '"', false);
            } else if (c == '$' && !identifierPart(i - 1)) {
                next = dollarQuotedEnd(i);
            } else {
                next = i + 1;
            }
            i = next;
            end = i;
        }
        close(start, end);
    }

    private void close(int start, int end) {
        if (end > start) {
            statements.add(new int[] {start, end});
        }
    }

    /** Postgres and DuckDB nest block comments. */
    private int blockCommentEnd(int from) {
        int depth = 0;
        int i = from;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** A quote doubled inside is the quote itself; in E'…' strings a backslash escapes the next character. */
    private int quotedEnd(int from, char quote, boolean backslashEscapes) {
        int i = from + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private boolean escapeStrings(int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'e' || sql.charAt(quote - 1) == 'E') && !identifierPart(quote - 2);
    }

    /** {@code $tag$…$tag$} (tag may be empty); {@code $1} is a parameter, not a quote. */
    private int dollarQuotedEnd(int from) {
        int i = from + 1;
        while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
                || i > from + 1 && Character.isDigit(sql.charAt(i)))) {
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return from + 1;
        }
        String tag = sql.substring(from, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }

    private boolean identifierPart(int index) {
        if (index < 0 || index >= sql.length()) {
            return false;
        }
        char c = sql.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
