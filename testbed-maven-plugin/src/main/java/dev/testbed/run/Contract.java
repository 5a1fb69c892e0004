package dev.testbed.run;

import dev.testbed.core.LakeWriter;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.ColumnProperties;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's enforced contract ({@code contract: {enforced: true}}): the columns and types its properties file declares,
 * and their constraints. As in dbt, the query's columns must equal the declared ones in name, type and number (order
 * aside) before anything is built, and a table is then created with the declared columns, in the declared order, with
 * the constraints in its definition, and filled from the query.
 *
 * <p>Types are compared as dbt-duckdb compares them: each side is described by DuckDB ({@code DESCRIBE} of the query, and
 * of {@code cast(null as <data_type>)} per declared column), so {@code int} and {@code INTEGER}, {@code text} and
 * {@code varchar} are the same type, while {@code int} and {@code bigint} are not.
 *
 * @param origin where the contract's columns are declared (the properties file), for messages
 */
record Contract(String model, String origin, List<ColumnProperties> columns, List<Object> modelConstraints) {

    /** A column as DuckDB describes it. */
    record Described(String name, String type) {
    }

    private static final List<String> MISMATCH_HEADER = List.of("column_name", "definition_type", "contract_type", "mismatch_reason");
    /** agate's print_table(max_column_width=50), which dbt's message uses. */
    private static final int MAX_CELL = 50;

    /**
     * The model's contract if its config enforces one, else null.
     *
     * @param root the project folder, against which the properties file is named in messages
     */
    static Contract of(ParsedModel model, ModelProperties properties, Path root) {
        if (!model.config().contractEnforced()) {
            return null;
        }
        if (properties == null) {
            return new Contract(model.name(), model.file().relativePath(), List.of(), List.of());
        }
        Path file = properties.definedIn();
        String origin = file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : file.toString();
        return new Contract(model.name(), origin, properties.columns(), properties.constraints());
    }

    /**
     * dbt's assert_columns_equivalent: fails, with dbt's table of mismatches, unless the query returns exactly the
     * declared columns and types. Nothing is read: both sides are only described.
     */
    void check(Connection connection, String sql) throws SQLException {
        if (columns.isEmpty()) {
            throw failure("This model has an enforced contract, and its 'columns' specification is missing",
                    "Declare each column the model returns, with its data_type, under 'columns:' in " + origin + ".");
        }
        List<String> untyped = columns.stream().filter(c -> c.dataType() == null || c.dataType().isBlank()).map(ColumnProperties::name).toList();
        if (!untyped.isEmpty()) {
            throw failure("Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are "
                    + "defined within the YAML configuration for the " + pythonList(untyped) + " column(s).",
                    "Add 'data_type:' to those columns in " + origin + ".");
        }
        List<Described> query = describe(connection, "SELECT * FROM (" + sql + ") AS model_subq", "the model's query");
        List<Described> declared = describe(connection, emptySchemaSql(), "the contract's data types (" + origin + ")");
        if (!equivalent(query, declared)) {
            throw failure("This model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract "
                    + "match the columns in your model's definition.\n\n" + mismatches(declared, query),
                    "Change the model's query, or the columns and data types declared in " + origin + ", so that they match.");
        }
    }

    /** The model's query, as dbt's get_empty_schema_sql writes the declared columns: {@code cast(null as <data_type>) as <name>}. */
    private String emptySchemaSql() {
        return columns.stream().map(c -> "cast(null as " + c.dataType() + ") as " + Sql.identifier(c.name()))
                .collect(Collectors.joining(", ", "SELECT ", ""));
    }

    /** As dbt compares them: the same number, and every query column declared with the same name (case-sensitive) and type. */
    private static boolean equivalent(List<Described> query, List<Described> declared) {
        if (query.size() != declared.size()) {
            return false;
        }
        for (Described column : query) {
            Described match = declared.stream().filter(d -> d.name().equals(column.name())).findFirst().orElse(null);
            if (match == null || !match.type().equals(column.type())) {
                return false;
            }
        }
        return true;
    }

    /** dbt's ContractError table: one row per differing column, sorted by name, as agate prints it. */
    static String mismatches(List<Described> declared, List<Described> query) {
        List<List<String>> rows = new ArrayList<>();
        Set<String> inQuery = new HashSet<>();
        for (Described column : query) {
            inQuery.add(column.name());
            Described match = declared.stream().filter(d -> d.name().equals(column.name())).findFirst().orElse(null);
            if (match == null) {
                rows.add(List.of(column.name(), column.type(), "", "missing in contract"));
            } else if (!match.type().equals(column.type())) {
                rows.add(List.of(column.name(), column.type(), match.type(), "data type mismatch"));
            }
        }
        for (Described column : declared) {
            if (!inQuery.contains(column.name())) {
                rows.add(List.of(column.name(), "", column.type(), "missing in definition"));
            }
        }
        rows.sort(Comparator.comparing(row -> row.get(0)));
        return textTable(rows);
    }

    private static String textTable(List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(MISMATCH_HEADER);
        rows.forEach(row -> all.add(row.stream().map(Contract::cell).toList()));
        int[] widths = new int[MISMATCH_HEADER.size()];
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            table.append(line(all.get(r), widths));
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                table.append(line(rule, widths));
            }
        }
        return table.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            line.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length())).append(" |");
        }
        return line.append('\n').toString();
    }

    private static String cell(String value) {
        return value.length() > MAX_CELL ? value.substring(0, MAX_CELL - 3) + "..." : value;
    }

    /**
     * The table's definition with the declared columns, in the declared order, and the constraints as dbt renders them.
     * On DuckLake only {@code not_null} can be created (DuckLake refuses check, unique and primary key constraints, and
     * DuckDB refuses a foreign key to another catalog); dbt-duckdb sends them all and fails, and so does this, saying so.
     */
    String createTableSql(String relation) {
        List<String> definitions = new ArrayList<>();
        for (ColumnProperties column : columns) {
            StringBuilder definition = new StringBuilder(Sql.identifier(column.name())).append(' ').append(column.dataType());
            for (Object raw : column.constraints()) {
                String rendered = Constraint.parse(raw, "column '" + column.name() + "'", this).columnSql();
                if (rendered != null) {
                    definition.append(' ').append(rendered);
                }
            }
            definitions.add(definition.toString());
        }
        for (Object raw : modelConstraints) {
            String rendered = Constraint.parse(raw, "the model", this).modelSql();
            if (rendered != null) {
                definitions.add(rendered);
            }
        }
        return "CREATE OR REPLACE TABLE " + relation + " (" + String.join(", ", definitions) + ")";
    }

    /** dbt's get_select_subquery: the declared columns, in the declared order, from the query. */
    String insertSql(String relation, String sql) {
        String names = columns.stream().map(c -> Sql.identifier(c.name())).collect(Collectors.joining(", "));
        return "INSERT INTO " + relation + " (" + names + ") SELECT " + names + " FROM (" + sql + ") AS model_subq";
    }

    /** Every constraint of the contract, for messages: e.g. {@code primary_key on column 'id'}. */
    List<String> constraintNames() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> c.constraints().forEach(raw -> names.add(Constraint.parse(raw, "column '" + c.name() + "'", this).describe())));
        modelConstraints.forEach(raw -> names.add(Constraint.parse(raw, "the model", this).describe()));
        return names;
    }

    TestbedException failure(String problem, String suggestion) {
        return new TestbedException(problem, suggestion);
    }

    private static List<Described> describe(Connection connection, String sql, String what) throws SQLException {
        List<Described> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("DESCRIBE (" + sql + ")")) {
            while (rows.next()) {
                columns.add(new Described(rows.getString(1), rows.getString(2)));
            }
        } catch (SQLException e) {
            if (LakeWriter.isCommitConflict(e)) {
                throw e;
            }
            throw new TestbedException("Cannot describe " + what + " to check the enforced contract: " + SqlErrors.message(e),
                    "Check the data types declared in the properties file and the model's SQL.", e);
        }
        return columns;
    }

    /** A list as dbt's message prints it (Python's repr of a list of strings). */
    private static String pythonList(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
