package dev.testbed.compile;

import java.util.Locale;
import java.util.Set;

/**
 * A column as {@code adapter.get_columns_in_relation} returns it: dbt-duckdb's {@code DuckDBColumn}, whose {@code dtype}
 * is DuckDB's type name as {@code DESCRIBE} gives it, and whose {@code data_type} and {@code is_*()} follow dbt's
 * {@code Column} (so a {@code VARCHAR} is {@code character varying(256)}, and {@code DECIMAL(18,3)} is no "numeric").
 */
public final class AdapterColumn {

    private static final Set<String> STRINGS = Set.of("text", "character varying", "character", "varchar");
    private static final Set<String> FLOATS = Set.of("real", "float", "float4", "float8", "double");
    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint",
            "uinteger", "ubigint", "int1", "int2", "int4", "int8", "short", "int", "signed", "long");
    private static final Set<String> NUMERICS = Set.of("numeric", "decimal");

    private final String column;
    private final String dtype;

    AdapterColumn(String column, String dtype) {
        this.column = column;
        this.dtype = dtype;
    }

    public String getName() {
        return column;
    }

    public String getColumn() {
        return column;
    }

    public String getDtype() {
        return dtype;
    }

    /** dbt's {@code data_type}: strings as {@code character varying(256)} (DuckDB gives no size), otherwise the dtype. */
    public String getDataType() {
        return is_string() ? "character varying(256)" : dtype;
    }

    public String getQuoted() {
        return "\"" + column + "\"";
    }

    public Object getCharSize() {
        return null;
    }

    public Object getNumericPrecision() {
        return null;
    }

    public Object getNumericScale() {
        return null;
    }

    private String lower() {
        return dtype.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("checkstyle:MethodName")
    public boolean is_string() {
        return STRINGS.contains(lower());
    }

    @SuppressWarnings("checkstyle:MethodName")
    public boolean is_float() {
        return FLOATS.contains(lower());
    }

    @SuppressWarnings("checkstyle:MethodName")
    public boolean is_integer() {
        return INTEGERS.contains(lower());
    }

    @SuppressWarnings("checkstyle:MethodName")
    public boolean is_numeric() {
        return NUMERICS.contains(lower());
    }

    @SuppressWarnings("checkstyle:MethodName")
    public boolean is_number() {
        return is_integer() || is_numeric() || is_float();
    }

    @SuppressWarnings("checkstyle:MethodName")
    public int string_size() {
        if (!is_string()) {
            throw Render.current().fail("Called string_size() on non-string field " + column + " (" + dtype + ")", "Test is_string() first.");
        }
        return 256;
    }

    /** As dbt prints a column: {@code <Column name (dtype)>}. */
    @Override
    public String toString() {
        return "<Column " + column + " (" + dtype + ")>";
    }
}
