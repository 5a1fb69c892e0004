package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds configured as dbt documents it, built on a real DuckLake: the {@code seeds:} tree of dbt_project.yml and seed
 * properties, dbt-duckdb's type inference, and what a rerun does to an existing seed table.
 */
class SeedConfigTest {

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void createLake() throws Exception {
        EventsProject events = EventsProject.create(work);
        project = events.root();
        location = events.location();
    }

    @Test
    void theSeedsTreeSetsSchemaAliasTagsDelimiterAndEnabledAndPropertiesWin() throws Exception {
        write("dbt_project.yml", """
                name: shop
                seeds:
                  shop:
                    +tags: csv
                    reference:
                      +schema: ref_data
                      tags: [reference]
                      country_codes:
                        +alias: countries
                    semicolon:
                      +delimiter: ";"
                    retired:
                      enabled: false
                """);
        write("seeds/reference/country_codes.csv", "code,name\nUS,United States\nDE,Germany\n");
        write("seeds/reference/regions.csv", "region_id,name\n1,North\n");
        write("seeds/semicolon/prices.csv", "sku;label\nA;Bolt, steel\n");
        write("seeds/retired.csv", "id\n1\n");
        write("seeds/properties.yml", """
                version: 2
                seeds:
                  - name: regions
                    config:
                      schema: geo
                  - name: prices
                    config:
                      +schema: ignored
                """);

        RunResult result = run(null, false);

        assertFalse(result.failed(), result.toString());
        // dbt's generate_schema_name: <target schema>_<custom schema>; the properties file's schema wins over the tree's
        assertEquals(List.of("main.prices", "main_geo.regions", "main_ref_data.countries"), tables());
        assertEquals("Bolt, steel", one("SELECT label FROM lake.main.prices"), "split on ';' only");
        assertTrue(warnings.contains("seeds/properties.yml, line 8: config '+schema' of seed 'prices' is ignored, as dbt ignores it: the '+' prefix "
                + "belongs to dbt_project.yml; write 'schema:' here"), "dbt takes a properties file's config keys literally: " + warnings);
        assertFalse(result.models().stream().anyMatch(m -> m.model().name().equals("retired")), "enabled: false removes the seed");
        assertEquals(List.of("csv", "reference"), seed(result, "country_codes").model().config().tags(), "tags accumulate down the tree");

        RunResult tagged = run("tag:reference", false);
        assertEquals("country_codes,regions", tagged.models().stream().map(m -> m.model().name()).sorted().collect(Collectors.joining(",")));
    }

    @Test
    void aProjectGenerateSchemaNameSeesASeedAsASeed() throws Exception {
        // a common dbt pattern: seeds in a schema of their own, chosen by node.resource_type
        write("macros/schemas.sql", """
                {% macro generate_schema_name(custom_schema_name, node) -%}
                  {%- if node.resource_type == 'seed' -%} reference {%- else -%} {{ target.schema }} {%- endif -%}
                {%- endmacro %}
                """);
        write("seeds/codes.csv", "code\nUS\n");
        write("models/uses_codes.sql", "select * from {{ ref('codes') }}\n");

        assertFalse(run(null, false).failed());

        assertEquals(List.of("main.uses_codes", "reference.codes"), tables());
    }

    @Test
    void columnTypesAreInferredAsDbtDuckdbInfersThem() throws Exception {
        // agate tries integer, number, date, datetime, ISO datetime, boolean, then text; dbt-duckdb makes a number
        // without decimal places "integer", one with them "float8", and an ISO or "%Y-%m-%d %H:%M:%S" datetime a timestamp
        write("seeds/cases.csv", """
                id,lead,amount,whole,day,at,iso_at,flag,label,empty,mixed,sci
                1,007,1.50,2.0,2024-01-02,2024-01-02 03:04:05,2024-01-02T03:04:05,true,"a,b",,1,1e3
                2,010,-2,3,2024-2-29,2024-02-29 23:59:59,2024-02-29T23:59:59.5Z,FALSE,"say ""hi\"\"\",,x,2.5e-1
                """);

        assertFalse(run(null, false).failed());

        assertEquals(Map.ofEntries(Map.entry("id", "INTEGER"), Map.entry("lead", "INTEGER"), Map.entry("amount", "DOUBLE"),
                Map.entry("whole", "INTEGER"), Map.entry("day", "DATE"), Map.entry("at", "TIMESTAMP"), Map.entry("iso_at", "TIMESTAMP"),
                Map.entry("flag", "BOOLEAN"), Map.entry("label", "VARCHAR"), Map.entry("empty", "INTEGER"), Map.entry("mixed", "VARCHAR"),
                Map.entry("sci", "DOUBLE")), columnTypes("main", "cases"));
        assertEquals(List.of("7", "10"), column("SELECT lead FROM lake.main.cases ORDER BY id"), "leading zeros are dropped, as dbt does");
        assertEquals(List.of("a,b", "say \"hi\""), column("SELECT label FROM lake.main.cases ORDER BY id"));
        assertEquals("2", one("SELECT count(*) FROM lake.main.cases WHERE empty IS NULL"));
        assertEquals("2024-02-29 23:59:59.5", one("SELECT CAST(iso_at AS VARCHAR) FROM lake.main.cases WHERE id = 2"));
    }

    @Test
    void aWholeNumberBeyondIntegerFailsAsInDbtAndTheMessageSaysWhatToSet() throws Exception {
        write("seeds/big.csv", "id,amount\n1,3000000000\n");

        ModelResult big = seed(run(null, false), "big");

        assertEquals(ModelStatus.ERROR, big.status(), "dbt-duckdb creates amount as INTEGER, which COPY cannot fill");
        assertTrue(big.message().contains("seeds/big.csv") && big.message().contains("3000000000") && big.message().contains("column_types"),
                big.message());
        assertEquals(List.of(), tables(), "nothing was left half-written");
    }

    @Test
    void columnTypesFromTheTreeAndQuotedColumnNamesAsWritten() throws Exception {
        write("dbt_project.yml", """
                name: shop
                seeds:
                  shop:
                    +column_types:
                      rank: smallint
                    codes:
                      +column_types:
                        dial_prefix: varchar
                        Zone: bigint
                        nosuch: integer
                """);
        write("seeds/codes.csv", "Country Code,dial_prefix,Zone,rank,score\nUS,001,7,1,2\n");
        write("seeds/properties.yml", "version: 2\nseeds:\n  - name: codes\n    config:\n      column_types:\n        score: decimal(4,1)\n");

        assertFalse(run(null, false).failed());

        // dbt merges column_types key by key over the tree's levels and the properties file (MergeBehavior.Update)
        assertEquals(Map.of("Country Code", "VARCHAR", "dial_prefix", "VARCHAR", "Zone", "BIGINT", "rank", "SMALLINT", "score", "DECIMAL(4,1)"),
                columnTypes("main", "codes"));
        assertEquals("001", one("SELECT dial_prefix FROM lake.main.codes"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("seeds/codes.csv") && w.contains("column_types") && w.contains("'nosuch'")), warnings.toString());
    }

    @Test
    void quoteColumnsFalseLeavesNamesUnquotedAsDbtDoes() throws Exception {
        write("dbt_project.yml", "name: shop\nseeds:\n  +quote_columns: false\n");
        write("seeds/plain.csv", "Store_ID,Opens\n10,08:00\n");
        write("seeds/spaced.csv", "store id,opens\n10,08:00\n");

        RunResult result = run(null, false);

        assertEquals(Map.of("Store_ID", "INTEGER", "Opens", "VARCHAR"), columnTypes("main", "plain"));
        ModelResult spaced = seed(result, "spaced");
        assertEquals(ModelStatus.ERROR, spaced.status(), "an unquoted name with a space is not SQL, in dbt too");
        assertTrue(spaced.message().contains("seeds/spaced.csv"), spaced.message());
    }

    @Test
    void aRerunTruncatesAndReloadsKeepingTheTypesUntilAFullRefresh() throws Exception {
        write("seeds/rates.csv", "currency,rate\nEUR,1\nGBP,2\n");
        run(null, false);
        write("seeds/rates.csv", "currency,rate\nEUR,3\nJPY,4\n");
        assertFalse(run(null, false).failed());
        assertEquals(List.of("EUR 3", "JPY 4"), column("SELECT currency || ' ' || rate FROM lake.main.rates ORDER BY 1"));

        write("seeds/rates.csv", "currency,rate\nEUR,n/a\n");
        ModelResult failed = seed(run(null, false), "rates");
        assertEquals(ModelStatus.ERROR, failed.status(), "the kept INTEGER column cannot take text, as in dbt");
        assertTrue(failed.message().contains("fullRefresh"), failed.message());
        assertEquals(List.of("EUR 3", "JPY 4"), column("SELECT currency || ' ' || rate FROM lake.main.rates ORDER BY 1"), "rolled back");

        assertFalse(run(null, true).failed());
        assertEquals("VARCHAR", columnTypes("main", "rates").get("rate"), "a full refresh recreates the table with the new types");
    }

    @Test
    void fullRefreshConfigOverridesTheRun() throws Exception {
        write("dbt_project.yml", """
                name: shop
                seeds:
                  shop:
                    always:
                      +full_refresh: true
                    never:
                      +full_refresh: false
                """);
        write("seeds/always.csv", "v\n1\n");
        write("seeds/never.csv", "v\n1\n");
        run(null, false);
        write("seeds/always.csv", "v\nx\n");
        write("seeds/never.csv", "v\nx\n");

        RunResult result = run(null, true);

        assertEquals(ModelStatus.SUCCESS, seed(result, "always").status(), "recreated although the run is not a full refresh");
        assertEquals("VARCHAR", columnTypes("main", "always").get("v"));
        assertEquals(ModelStatus.ERROR, seed(result, "never").status(), "truncated although the run is a full refresh");
        assertEquals("INTEGER", columnTypes("main", "never").get("v"));
    }

    @Test
    void seedConfigsThePluginDoesNotApplyWarnWithFileLineAndKey() throws Exception {
        write("dbt_project.yml", "name: shop\nseeds:\n  shop:\n    +database: other\n    +fast: true\n");
        write("seeds/a.csv", "v\n1\n");
        write("seeds/properties.yml", "version: 2\nseeds:\n  - name: a\n    config:\n      fast: false\n");

        run(null, false);

        assertTrue(warnings.contains("dbt_project.yml, line 4: seeds config '+database' is ignored: seeds are built in the lake the run writes to"),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("seeds/properties.yml, line 5: config 'fast' of seed 'a' is ignored")), warnings.toString());
        assertFalse(warnings.stream().anyMatch(w -> w.contains("line 5: seeds config '+fast'")), "fast: true is what the plugin does");
    }

    private RunResult run(String select, boolean fullRefresh) {
        Reporter reporter = event -> {
            if (event.level() == Reporter.Level.WARN) {
                warnings.add(event.message());
            }
        };
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, fullRefresh,
                work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), reporter).run(request);
    }

    private static ModelResult seed(RunResult result, String name) {
        return result.models().stream().filter(m -> m.model().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + result.models()));
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(project, relative, text);
    }

    private List<String> tables() throws SQLException {
        return column("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_catalog = 'lake' "
                + "AND table_schema NOT IN ('raw', 'testbed') ORDER BY 1");
    }

    private Map<String, String> columnTypes(String schema, String table) throws SQLException {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (String row : column("SELECT column_name || '=' || data_type FROM information_schema.columns WHERE table_catalog = 'lake' "
                + "AND table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            types.put(row.substring(0, row.lastIndexOf('=')), row.substring(row.lastIndexOf('=') + 1));
        }
        return types;
    }

    private String one(String sql) throws SQLException {
        return column(sql).get(0);
    }

    private List<String> column(String sql) throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults());
             var statement = lake.connection().createStatement();
             var rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
