package dev.testbed.run;

import dev.testbed.core.DuckDb;
import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * dbt-duckdb's DuckLake layout configs of a table or incremental model: {@code partitioned_by} (or {@code partition_by}),
 * expressions DuckLake partitions the data files by, written as given ({@code year(sale_date)} works), and
 * {@code sorted_by} (or {@code sort_by}), columns each quoted as an identifier, that DuckLake sorts new files by. Both are
 * set when the table is created (first build, full refresh, a table's rebuild), between creating it empty and filling
 * it, so that its first files already follow them, as dbt-duckdb's create_table_as does; an increment keeps the
 * table's own.
 *
 * @param partitionedBy the {@code SET PARTITIONED BY} list, or null
 * @param sortedBy      the {@code SET SORTED BY} list, or null
 */
record TableLayout(String partitionedBy, String sortedBy) {

    static final TableLayout NONE = new TableLayout(null, null);

    /** @throws TestbedException for values dbt-duckdb refuses (a mapping, a non-string item, an empty list) */
    static TableLayout of(ParsedModel model) {
        Map<String, Object> config = model.config().raw();
        Object partitions = config.get("partitioned_by");
        if (partitions == null || "".equals(partitions)) {
            partitions = config.get("partition_by");
        }
        Object sorts = config.get("sorted_by") != null ? config.get("sorted_by") : config.get("sort_by");
        List<String> partitionParts = parts(model, partitions, "partitioned_by/partition_by");
        List<String> sortParts = parts(model, sorts, "sorted_by/sort_by");
        return new TableLayout(partitionParts == null ? null : String.join(", ", partitionParts),
                sortParts == null ? null : sortParts.stream().map(Sql::identifier).collect(Collectors.joining(", ")));
    }

    private static List<String> parts(ParsedModel model, Object value, String name) {
        if (value == null || "".equals(value) && name.startsWith("partitioned")) {
            return null;
        }
        String where = "Model " + model.name() + " (" + model.file().relativePath() + "): ";
        List<?> items = value instanceof String text ? List.of(text) : value instanceof List<?> list ? list : null;
        if (items == null) {
            throw new TestbedException(where + name + " must be a list of strings or a string, got " + value, "Write e.g. partitioned_by=['year(sale_date)'] or sorted_by=['store_id'].");
        }
        if (items.stream().anyMatch(item -> !(item instanceof String))) {
            throw new TestbedException(where + name + " list values must be non-empty strings, got " + value, "Write each entry as a quoted string.");
        }
        if (items.isEmpty()) {
            throw new TestbedException(where + name + " must contain at least one column", "Name the columns, or remove the config.");
        }
        return items.stream().map(String.class::cast).toList();
    }

    boolean any() {
        return partitionedBy != null || sortedBy != null;
    }

    /** Sets the layout on the (still empty) table, in the build's transaction. */
    void apply(Connection connection, String relation) throws SQLException {
        if (partitionedBy != null) {
            DuckDb.execute(connection, "ALTER TABLE " + relation + " SET PARTITIONED BY (" + partitionedBy + ")");
        }
        if (sortedBy != null) {
            DuckDb.execute(connection, "ALTER TABLE " + relation + " SET SORTED BY (" + sortedBy + ")");
        }
    }
}
