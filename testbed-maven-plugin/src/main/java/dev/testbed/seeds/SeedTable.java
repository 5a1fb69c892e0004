package dev.testbed.seeds;

import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How dbt-duckdb builds a seed's table: {@code create table} with one column per CSV header cell, typed by agate's
 * inference (see {@link InferredType}) unless {@code column_types} names the column, then DuckDB's own
 * {@code COPY ... FROM} the file (dbt-duckdb's default "fast" load), which parses every value into those types. So the
 * values, NULLs and conversion errors are DuckDB's, the types are dbt's.
 *
 * @param file      the CSV file
 * @param columns   the columns in file order
 * @param dataRows  the rows below the header (dbt skips the COPY when there are none)
 * @param delimiter the field delimiter
 */
public record SeedTable(Path file, List<SeedColumn> columns, int dataRows, char delimiter) {

    /** A column: its name as written in the header, its SQL type, and whether the name is quoted. */
    public record SeedColumn(String name, String type, boolean quoted) {

        String sql() {
            return (quoted ? Sql.identifier(name) : name) + " " + type;
        }
    }

    /**
     * Reads the file and types its columns.
     *
     * @param shownAs      the file as messages name it, e.g. {@code seeds/regions.csv}
     * @param columnTypes  {@code column_types}: column name (as in the header, case-sensitive as dbt matches it) to SQL type
     * @param quoteColumns {@code quote_columns}; dbt's default is true
     * @param warnings     told of a {@code column_types} entry that names no column (dbt ignores it silently)
     */
    public static SeedTable of(Path file, String shownAs, String delimiter, Map<String, String> columnTypes, boolean quoteColumns,
                               Consumer<String> warnings) {
        if (delimiter.length() != 1) {
            throw new TestbedException("The seed " + shownAs + " has delimiter '" + delimiter + "'; a delimiter is one character.",
                    "Set delimiter to a single character, e.g. +delimiter: \";\".");
        }
        SeedCsv csv = SeedCsv.read(file, shownAs, delimiter.charAt(0));
        List<String> names = columnNames(csv.header(), shownAs, warnings);
        columnTypes.keySet().stream().filter(name -> !names.contains(name)).forEach(name -> warnings.accept(shownAs + ": column_types names the column '"
                + name + "', which the file's header does not have (names match exactly, case included): " + String.join(", ", names)));
        List<SeedColumn> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String type = columnTypes.containsKey(name) ? columnTypes.get(name) : inferredType(csv.rows(), i);
            columns.add(new SeedColumn(name, type, quoteColumns));
        }
        int dataRows = csv.rows().size();
        return new SeedTable(file, List.copyOf(columns), dataRows, delimiter.charAt(0));
    }

    /**
     * The header as agate names its columns: an empty name becomes the column's letter ({@code a}, {@code b}, ...,
     * {@code aa}), and a repeated name gets {@code _2}, {@code _3}, ... (agate's deduplicate); both warn, as agate does.
     */
    private static List<String> columnNames(List<String> header, String shownAs, Consumer<String> warnings) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String written = header.get(i);
            String name = written.isEmpty() ? String.valueOf((char) ('a' + i % 26)).repeat(i / 26 + 1) : written;
            String unique = name;
            for (int n = 2; names.contains(unique); n++) {
                unique = name + "_" + n;
            }
            if (!unique.equals(written)) {
                warnings.accept(shownAs + ": column " + (i + 1) + " of the header " + (written.isEmpty() ? "has no name" : "repeats '" + written + "'")
                        + "; as dbt does, it is named '" + unique + "'");
            }
            names.add(unique);
        }
        return List.copyOf(names);
    }

    /** dbt-duckdb's SQL type for the inferred agate type of column {@code index}. */
    private static String inferredType(List<List<String>> rows, int index) {
        Set<InferredType> candidates = EnumSet.allOf(InferredType.class);
        for (List<String> row : rows) {
            if (row.size() > index) {
                String cell = row.get(index);
                candidates.removeIf(type -> !type.accepts(cell));
            }
        }
        return switch (candidates.iterator().next()) {
            case INTEGER -> "integer";
            case NUMBER -> rows.stream().filter(row -> row.size() > index).anyMatch(row -> InferredType.decimals(row.get(index)) > 0)
                    ? "float8" : "integer";
            case DATE -> "date";
            case DATETIME, ISO_DATETIME -> "timestamp without time zone";
            case BOOLEAN -> "boolean";
            case TEXT -> "text";
        };
    }

    /** {@code create table} as dbt-duckdb's create_csv_table writes it. */
    public String createSql(String relation) {
        return "CREATE TABLE " + relation + " (" + columns.stream().map(SeedColumn::sql).collect(Collectors.joining(", ")) + ")";
    }

    /** dbt's reset of an existing seed table on a run that is not a full refresh: it keeps its columns and types. */
    public static String truncateSql(String relation) {
        return "TRUNCATE TABLE " + relation;
    }

    /** dbt-duckdb's fast load: DuckDB's CSV reader into the table's columns, by position. */
    public String copySql(String relation) {
        return "COPY " + relation + " FROM " + Sql.literal(file.toString()) + " (FORMAT CSV, HEADER TRUE, DELIMITER "
                + Sql.literal(String.valueOf(delimiter)) + ")";
    }
}
