package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.engine.Publish;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforced contracts and constraints on a real DuckLake, as dbt-core 1.11.4 + dbt-duckdb 1.11.1 apply them (the expected
 * messages are those dbt printed for the same projects, checked by hand; the differential corpus {@code contracts} compares
 * the tables with dbt's).
 */
class ContractTest {

    private static final String COLUMNS = "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_catalog = 'lake' "
            + "AND table_schema = 'main' AND table_name = 'orders' ORDER BY ordinal_position";
    private static final String SNAPSHOTS = "SELECT count(*) FROM ducklake_snapshots('lake') WHERE commit_message LIKE 'run-models: orders%'";

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLake() throws Exception {
        lake = new SalesLake(work, "");
    }

    @Test
    void aMatchingContractCreatesTheTableWithTheDeclaredColumnsInTheirOrderAndItsNotNullConstraint() throws Exception {
        model("table", "select sale_id, sale_date, amount from {{ source('raw', 'sales') }}", """
                      - name: amount
                        data_type: numeric(12,2)
                      - name: sale_id
                        data_type: bigint
                        constraints:
                          - type: not_null
                      - name: sale_date
                        data_type: date
                """);

        RunResult result = lake.run(events::add);

        assertFalse(result.failed(), result.failureSummary());
        assertEquals(List.of(List.of("amount", "DECIMAL(12,2)", "YES"), List.of("sale_id", "BIGINT", "NO"), List.of("sale_date", "DATE", "YES")),
                lake.rows(COLUMNS), "declared order and types, sale_id NOT NULL in the table's definition");
        assertEquals(List.of(List.of("0")), lake.rows("SELECT count(*) FROM (SELECT sale_id, sale_date, amount FROM lake.main.orders "
                + "EXCEPT ALL SELECT sale_id, sale_date, amount FROM lake.raw.sales)"));
        assertEquals(List.of(List.of("30")), lake.rows("SELECT count(*) FROM lake.main.orders"));
    }

    /** int and INTEGER, text and varchar are the same type to DuckDB, so they match; the message is dbt's, table and all. */
    @Test
    void aMismatchFailsBeforeAnythingIsWrittenWithDbtsTableOfColumns() throws Exception {
        model("table", "select cast(sale_id as int) as sale_id, 'x'::text as label, 3 as extra, amount from {{ source('raw', 'sales') }}", """
                      - name: sale_id
                        data_type: integer
                      - name: label
                        data_type: varchar
                      - name: amount
                        data_type: int
                      - name: missing
                        data_type: varchar
                """);

        RunResult result = lake.run(events::add);

        assertTrue(result.failed());
        String message = result.failureSummary();
        assertTrue(message.contains("""
                This model has an enforced contract that failed.
                Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.

                | column_name | definition_type | contract_type | mismatch_reason       |
                | ----------- | --------------- | ------------- | --------------------- |
                | amount      | DECIMAL(12,2)   | INTEGER       | data type mismatch    |
                | extra       | INTEGER         |               | missing in contract   |
                | missing     |                 | VARCHAR       | missing in definition |
                """), message);
        assertTrue(message.contains("model orders (models/orders.sql)") && message.contains("models/schema.yml"), message);
        assertEquals(List.of(List.of("0")), lake.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'"));
        assertEquals(List.of(List.of("0")), lake.rows(SNAPSHOTS));
    }

    /** The contract lives in the properties file: changing a declared type must not leave the model up to date. */
    @Test
    void aChangedContractIsCheckedAgainOnTheNextBuild() throws Exception {
        model("view", "select sale_id from {{ source('raw', 'sales') }}", "      - name: sale_id\n        data_type: bigint\n");
        // the lake's build decisions, which keep an unchanged model as it is
        BuildOptions upToDate = new BuildOptions(Publish.EACH, LakeBuildDecisions::read, false, false);
        RunModelsTask task = new RunModelsTask(DuckDbSettings.defaults(), events::add);
        RunRequest request = new RunRequest(lake.project, lake.location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out"));
        assertFalse(task.run(request, upToDate).result().failed());
        assertEquals(ModelStatus.UP_TO_DATE, task.run(request, upToDate).result().models().get(0).status(), "kept while nothing changed");

        TestData.write(lake.project, "models/schema.yml", schema("    columns:\n      - name: sale_id\n        data_type: varchar\n"));
        RunResult changed = task.run(request, upToDate).result();

        assertTrue(changed.failed(), "the view is checked again, not kept as up to date");
        assertTrue(changed.failureSummary().contains("| sale_id     | BIGINT          | VARCHAR       | data type mismatch |"), changed.failureSummary());
    }

    @Test
    void aViewChecksItsContractToo() throws Exception {
        model("view", "select sale_id from {{ source('raw', 'sales') }}", """
                      - name: sale_id
                        data_type: integer
                """);

        RunResult result = lake.run(events::add);

        assertTrue(result.failed());
        assertTrue(result.failureSummary().contains("| sale_id     | BIGINT          | INTEGER       | data type mismatch |"), result.failureSummary());
    }

    @Test
    void aContractWithoutColumnsOrTypesFailsAsInDbt() throws Exception {
        model("table", "select sale_id from {{ source('raw', 'sales') }}", """
                      - name: sale_id
                """);
        RunResult untyped = lake.run(events::add);
        assertTrue(untyped.failureSummary().contains("Contracted models require data_type to be defined for each column. Please ensure that the column name "
                + "and data_type are defined within the YAML configuration for the ['sale_id'] column(s)."), untyped.failureSummary());

        TestData.write(lake.project, "models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    config:\n      contract: {enforced: true}\n");
        RunResult none = lake.run(events::add);
        assertTrue(none.failureSummary().contains("This model has an enforced contract, and its 'columns' specification is missing"), none.failureSummary());
    }

    /** A null in a not_null column fails the model's insert; the table keeps the rows of the previous build. */
    @Test
    void aNotNullConstraintRejectsANullRowAndLeavesTheWarehouseUnchanged() throws Exception {
        String columns = """
                      - name: sale_id
                        data_type: bigint
                        constraints:
                          - type: not_null
                """;
        model("table", "select sale_id from {{ source('raw', 'sales') }}", columns);
        assertFalse(lake.run(events::add).failed());
        List<List<String>> before = lake.rows(SNAPSHOTS);

        model("table", "select sale_id from {{ source('raw', 'sales') }} union all select null", columns);
        RunResult result = lake.run(events::add);

        assertTrue(result.failed());
        assertTrue(result.failureSummary().contains("NOT NULL constraint failed"), result.failureSummary());
        assertEquals(List.of(List.of("30", "30")), lake.rows("SELECT count(*), count(DISTINCT sale_id) FROM lake.main.orders"));
        assertEquals(before, lake.rows(SNAPSHOTS), "no new snapshot of the model");
    }

    /** dbt-duckdb sends check, unique and primary key constraints to DuckLake, which refuses them: the model fails, as in dbt. */
    @Test
    void constraintsDuckLakeCannotHoldFailTheModelNamingThem() throws Exception {
        model("table", "select sale_id from {{ source('raw', 'sales') }}", """
                      - name: sale_id
                        data_type: bigint
                        constraints:
                          - type: primary_key
                """);
        RunResult primaryKey = lake.run(events::add);
        assertTrue(primaryKey.failureSummary().contains("DuckLake refuses a constraint of the enforced contract in models/schema.yml [primary_key on column 'sale_id']"),
                primaryKey.failureSummary());
        assertTrue(primaryKey.failureSummary().contains("PRIMARY KEY/UNIQUE constraints are not supported in DuckLake"), primaryKey.failureSummary());

        TestData.write(lake.project, "models/schema.yml", schema("""
                    constraints:
                      - type: check
                        expression: "sale_id > 0"
                    columns:
                      - name: sale_id
                        data_type: bigint
                """));
        RunResult check = lake.run(events::add);
        assertTrue(check.failureSummary().contains("[check on the model]") && check.failureSummary().contains("CHECK constraints are not supported in DuckLake"),
                check.failureSummary());

        TestData.write(lake.project, "models/schema.yml", schema("""
                    columns:
                      - name: sale_id
                        data_type: bigint
                        constraints:
                          - type: foreign_key
                            to: source('raw', 'sales')
                            to_columns: [sale_id]
                """));
        RunResult foreignKey = lake.run(events::add);
        assertTrue(foreignKey.failureSummary().contains("the foreign_key constraint on column 'sale_id' cannot be created"), foreignKey.failureSummary());
        assertEquals(List.of(List.of("0")), lake.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'"));
    }

    @Test
    void anIncrementalModelChecksItsContractOnEveryRunAndNeedsAStrictOnSchemaChange() throws Exception {
        String columns = """
                      - name: sale_id
                        data_type: bigint
                        constraints:
                          - type: not_null
                      - name: amount
                        data_type: decimal(12,2)
                """;
        TestData.write(lake.project, "models/orders.sql", "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\n"
                + "select sale_id, amount from {{ source('raw', 'sales') }}\n"
                + "{% if is_incremental() %}where sale_id > (select max(sale_id) from {{ this }}){% endif %}\n");
        TestData.write(lake.project, "models/schema.yml", schema("    columns:\n" + columns));
        assertFalse(lake.run(events::add).failed());
        TestData.sql(lake.location, "INSERT INTO lake.raw.sales VALUES (31, DATE '2024-01-04', 9.99)");
        RunResult second = lake.run(events::add);
        assertFalse(second.failed(), second.failureSummary());
        assertEquals(List.of(List.of("31", "NO")), lake.rows("SELECT (SELECT count(*) FROM lake.main.orders), (SELECT is_nullable FROM information_schema.columns "
                + "WHERE table_name = 'orders' AND column_name = 'sale_id')"));

        TestData.write(lake.project, "models/orders.sql", "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\n"
                + "select sale_id, amount::double as amount from {{ source('raw', 'sales') }}\n");
        RunResult retyped = lake.run(events::add);
        assertTrue(retyped.failureSummary().contains("| amount      | DOUBLE          | DECIMAL(12,2) | data type mismatch |"), retyped.failureSummary());

        TestData.write(lake.project, "models/orders.sql", "{{ config(materialized='incremental') }}\nselect sale_id, amount from {{ source('raw', 'sales') }}\n");
        TestbedException ignore = assertThrows(TestbedException.class, () -> lake.run(events::add));
        assertTrue(ignore.getMessage().contains("Invalid value for on_schema_change: ignore. Models materialized as incremental with contracts enabled "
                + "must set on_schema_change to 'append_new_columns' or 'fail'"), ignore.getMessage());
    }

    private void model(String materialized, String sql, String columns) throws Exception {
        TestData.write(lake.project, "models/orders.sql", "{{ config(materialized='" + materialized + "') }}\n" + sql + "\n");
        TestData.write(lake.project, "models/schema.yml", schema("    columns:\n" + columns));
    }

    private static String schema(String body) {
        return "version: 2\nmodels:\n  - name: orders\n    config:\n      contract: {enforced: true}\n" + body;
    }
}
