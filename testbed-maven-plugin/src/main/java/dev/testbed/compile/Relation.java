package dev.testbed.compile;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import dev.testbed.core.Sql;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A relation as templates see it: what {@code ref()}, {@code source()} and {@code this} return. It renders as its SQL text
 * and exposes dbt's attributes {@code database}, {@code schema}, {@code identifier} (also {@code name} and {@code table}).
 */
public final class Relation implements PyishSerializable {

    /** DuckDB's reserved and type/function keywords (duckdb_keywords() of DuckDB 1.5): these need quotes as names. */
    private static final Set<String> KEYWORDS = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate",
            "column", "constraint", "create", "default", "deferrable", "desc", "describe", "distinct", "do", "else", "end", "except",
            "false", "fetch", "for", "foreign", "from", "group", "having", "in", "initially", "intersect", "into", "lambda", "lateral",
            "leading", "limit", "not", "null", "offset", "on", "only", "or", "order", "pivot", "pivot_longer", "pivot_wider", "placing",
            "primary", "qualify", "references", "returning", "select", "show", "some", "summarize", "symmetric", "table", "then", "to",
            "trailing", "true", "union", "unique", "unpivot", "using", "variadic", "when", "where", "window", "with",
            "anti", "asof", "at", "authorization", "binary", "by", "collation", "columns", "concurrently", "cross", "freeze", "full",
            "generated", "glob", "ilike", "inner", "is", "isnull", "join", "left", "like", "map", "natural", "notnull", "outer",
            "overlaps", "positional", "right", "semi", "similar", "struct", "tablesample", "try_cast", "unpack", "verbose");

    private final String database;
    private final String schema;
    private final String identifier;
    private final String text;
    /** dbt's relation type ({@code table}, {@code view}...), where it is known: relations found by the adapter, or created with one. */
    private final String type;

    private Relation(String database, String schema, String identifier, String text) {
        this(database, schema, identifier, text, null);
    }

    private Relation(String database, String schema, String identifier, String text, String type) {
        this.database = database;
        this.schema = schema;
        this.identifier = identifier;
        this.text = text;
        this.type = type;
    }

    /** The same relation, of dbt's relation type {@code type} ({@code table}, {@code view}...). */
    public Relation withType(String type) {
        return new Relation(database, schema, identifier, text, type);
    }

    /** dbt's {@code type}: {@code table}, {@code view}..., or none when not known. */
    public String getType() {
        return type;
    }

    /** dbt's {@code is_table}. */
    public boolean getIsTable() {
        return "table".equals(type);
    }

    /** dbt's {@code is_view}. */
    public boolean getIsView() {
        return "view".equals(type);
    }

    /** {@code database.schema.identifier}; null parts are left out. */
    public static Relation of(String database, String schema, String identifier) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[] {database, schema, identifier}) {
            if (part != null) {
                text.append(text.isEmpty() ? "" : ".").append(quoteIfNeeded(part));
            }
        }
        return new Relation(database, schema, identifier, text.toString());
    }

    /** A relation for SQL text given by the runner, such as {@code lake.main.x} or a CTE name; renders exactly as given. */
    public static Relation parse(String text) {
        List<String> parts = splitName(text);
        int n = parts.size();
        if (n == 0 || n > 3) {
            return new Relation(null, null, text, text);
        }
        return new Relation(n == 3 ? parts.get(0) : null, n >= 2 ? parts.get(n - 2) : null, parts.get(n - 1), text);
    }

    /** The name as SQL text: unchanged if it is a plain identifier that is no keyword, otherwise double-quoted. */
    public static String quoteIfNeeded(String name) {
        return isPlainIdentifier(name) && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) ? name : Sql.identifier(name);
    }

    private static boolean isPlainIdentifier(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Splits {@code a."b.c".d} into its unquoted parts; empty if the text is not a dotted name. */
    private static List<String> splitName(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"' && part.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                if (part.isEmpty()) {
                    return List.of();
                }
                parts.add(part.toString());
                part.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted || !(c == '_' || Character.isLetterOrDigit(c))) {
                return List.of();
            } else {
                part.append(c);
            }
        }
        if (quoted || part.isEmpty()) {
            return List.of();
        }
        parts.add(part.toString());
        return parts;
    }

    public String getDatabase() {
        return database;
    }

    public String getSchema() {
        return schema;
    }

    public String getIdentifier() {
        return identifier;
    }

    /** dbt's alias of {@code identifier}. */
    public String getName() {
        return identifier;
    }

    /** dbt's alias of {@code identifier}. */
    public String getTable() {
        return identifier;
    }

    /** The SQL text, as {@code {{ relation }}} renders it. */
    public String render() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** How Jinjava renders {@code {{ relation }}}: the SQL text, not a dict of the attributes. */
    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(text);
        return appendable;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Relation relation && relation.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
