package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt's template functions and variables, rendered by the compiler's two passes. */
class JinjaFunctionsTest {

    @TempDir
    Path root;

    @Test
    void refRecordsModelsInOrderAndCompilesToTheRunnersRelation() {
        TestProject p = new TestProject(root)
                .model("models/a.sql", "select 1 as id")
                .model("models/b.sql", "select 2 as id")
                .model("models/c.sql", "select * from {{ ref('b') }} join {{ ref('shop', 'a') }} using (id) join {{ ref('b') }} using (id)");
        ModelCompiler compiler = p.compiler();

        ParsedModel parsed = compiler.parse(p.file("c"));
        assertEquals(List.of("b", "a"), parsed.refs());

        CompileContext context = new CompileContext(name -> name.equals("a") ? "__dbt__cte__a" : "lake.main_marts." + name,
                compiler::sourceRelation, false, "lake.main.c");
        assertEquals("select * from lake.main_marts.b join __dbt__cte__a using (id) join lake.main_marts.b using (id)",
                compiler.compile(parsed, context));
    }

    @Test
    void refRelationExposesDbtAttributes() {
        TestProject p = new TestProject(root)
                .model("models/a.sql", "select 1")
                .model("models/b.sql", "{% set r = ref('a') %}{{ r.database }}|{{ r.schema }}|{{ r.identifier }}|{{ r.name }}");
        assertEquals("lake|main|a|a", TestProject.compile(p.compiler(), "b", false));
    }

    @Test
    void sourceRecordsKeysAndRendersTheDeclaredTable() {
        TestProject p = new TestProject(root)
                .source("raw", "raw_sales", "raw")
                .source("raw", "raw_stores", "raw")
                .model("models/s.sql", "select * from {{ source('raw', 'raw_sales') }} join {{ source('raw', 'raw_stores') }} using (store_id)");
        ModelCompiler compiler = p.compiler();

        ParsedModel parsed = compiler.parse(p.file("s"));
        assertEquals(List.of(new SourceKey("raw", "raw_sales"), new SourceKey("raw", "raw_stores")), parsed.sources());
        assertEquals("select * from lake.raw.raw_sales join lake.raw.raw_stores using (store_id)",
                compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.s")));
    }

    @Test
    void configRendersNothingAndIsRecorded() {
        TestProject p = new TestProject(root).model("models/t.sql",
                "{{ config(materialized='table', schema='marts', tags=['daily', 'finance'], unique_key='id', incremental_strategy='merge') }}select 1 as id");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("t"));

        assertEquals("TABLE", parsed.config().materialized().name());
        assertEquals("marts", parsed.config().schema());
        assertEquals(List.of("daily", "finance"), parsed.config().tags());
        assertEquals(List.of("id"), parsed.config().uniqueKey());
        assertEquals("select 1 as id", compiler.compile(parsed, TestProject.context(compiler, false, "lake.main_marts.t")));
    }

    @Test
    void varOverridesWinOverProjectVarsAndDefaultsApplyOnlyWhenUnset() {
        TestProject p = new TestProject(root)
                .var("start_date", "2024-01-01")
                .var("region", "eu")
                .override("region", "us")
                .model("models/v.sql", "{{ var('start_date') }}|{{ var('region') }}|{{ var('limit', 10) }}|{{ var('region', 'xx') }}");
        assertEquals("2024-01-01|us|10|us", TestProject.compile(p.compiler(), "v", false));
    }

    @Test
    void varValuesKeepTheirTypes() {
        TestProject p = new TestProject(root)
                .var("states", List.of("a", "b"))
                .model("models/v.sql", "{% for s in var('states') %}'{{ s }}'{% if not loop.last %}, {% endif %}{% endfor %}|{{ var('states') | length }}");
        assertEquals("'a', 'b'|2", TestProject.compile(p.compiler(), "v", false));
    }

    @Test
    void missingVarWithoutDefaultNamesTheVarTheModelAndTheLine() {
        TestProject p = new TestProject(root)
                .var("start_date", "2024-01-01")
                .model("models/staging/v.sql", "select 1\nwhere d > '{{ var('start_dat') }}'");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("v")));

        assertTrue(e.getMessage().contains("Model v: models/staging/v.sql, line 2: required var 'start_dat' is not set"), e.getMessage());
        assertTrue(e.suggestion().startsWith("Did you mean 'start_date'?"), e.suggestion());
    }

    @Test
    void envVarReadsTheEnvironmentWithOptionalDefault() {
        TestProject p = new TestProject(root)
                .env("WAREHOUSE_REGION", "eu-west")
                .model("models/e.sql", "{{ env_var('WAREHOUSE_REGION') }}|{{ env_var('MISSING', 'fallback') }}");
        assertEquals("eu-west|fallback", TestProject.compile(p.compiler(), "e", false));
    }

    @Test
    void missingEnvVarWithoutDefaultFails() {
        TestProject p = new TestProject(root)
                .env("WAREHOUSE_REGION", "eu-west")
                .model("models/e.sql", "{{ env_var('WAREHOUSE_REGON') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("e")));

        assertTrue(e.getMessage().contains("models/e.sql, line 1: environment variable 'WAREHOUSE_REGON' is not set"), e.getMessage());
        assertTrue(e.suggestion().startsWith("Did you mean 'WAREHOUSE_REGION'?"), e.suggestion());
    }

    @Test
    void isIncrementalIsFalseWhenParsingAndWhatTheContextSaysWhenCompiling() {
        TestProject p = new TestProject(root).model("models/i.sql",
                "select * from {{ ref('i') }}{% if is_incremental() %} where d > (select max(d) from {{ this }}){% endif %}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("i"));

        assertEquals("select * from lake.main.i", compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.i")));
        assertEquals("select * from lake.main.i where d > (select max(d) from lake.main.i)",
                compiler.compile(parsed, TestProject.context(compiler, true, "lake.main.i")));
    }

    @Test
    void thisRendersTheGivenRelationAndItsParts() {
        TestProject p = new TestProject(root).model("models/t.sql", "{{ this }}|{{ this.schema }}|{{ this.identifier }}");
        ModelCompiler compiler = p.compiler();
        assertEquals("lake.main_marts.t|main_marts|t",
                compiler.compile(compiler.parse(p.file("t")), TestProject.context(compiler, false, "lake.main_marts.t")));
    }

    @Test
    void targetHasNameSchemaTypeAndDatabase() {
        TestProject p = new TestProject(root).model("models/t.sql", "{{ target.name }}|{{ target.schema }}|{{ target.type }}|{{ target.database }}");
        assertEquals("dev|main|duckdb|lake", TestProject.compile(p.compiler(), "t", false));
    }

    @Test
    void setIfAndForWork() {
        TestProject p = new TestProject(root).model("models/t.sql", """
                {%- set methods = ['card', 'cash'] -%}
                {%- set n = 2 -%}
                select
                {%- for m in methods %}
                  sum(case when method = '{{ m }}' then amount end) as {{ m }}_amount{% if not loop.last %},{% endif %}
                {%- endfor %}
                {%- if n > 1 %}
                , {{ n }} as n
                {%- else %}
                , 0 as n
                {%- endif %}
                from payments""");
        assertEquals("""
                select
                  sum(case when method = 'card' then amount end) as card_amount,
                  sum(case when method = 'cash' then amount end) as cash_amount
                , 2 as n
                from payments""", TestProject.compile(p.compiler(), "t", false));
    }

    @Test
    void executeIsFalseWhenParsingAndTrueWhenCompiling() {
        TestProject p = new TestProject(root).model("models/t.sql", "{% if execute %}{{ config(materialized='table') }}run{% else %}{{ config(materialized='incremental') }}parse{% endif %}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("t"));
        assertEquals("INCREMENTAL", parsed.config().materialized().name());
        assertEquals("run", compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.t")));
    }

    @Test
    void configGetReadsTheResolvedConfiguration() {
        TestProject p = new TestProject(root)
                .properties("t", Map.of("materialized", "table"))
                .model("models/t.sql", "{{ config.get('materialized') }}|{{ config.get('missing', 'dflt') }}");
        assertEquals("table|dflt", TestProject.compile(p.compiler(), "t", false));
    }

    @Test
    void raiseCompilerErrorFailsWithTheMessageAndLine() {
        TestProject p = new TestProject(root).model("models/t.sql", "select 1\n{% if target.name == 'dev' %}{{ exceptions.raise_compiler_error('not in dev') }}{% endif %}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("t")));
        assertTrue(e.getMessage().contains("models/t.sql, line 2: not in dev"), e.getMessage());
    }

    @Test
    void noneAndDefinedTestsBehaveAsInJinja() {
        TestProject p = new TestProject(root).model("models/t.sql",
                "{% set x = none %}{{ x is none }}|{{ y is defined }}|{{ y is undefined }}|{{ y | default('d') }}|{% if target is defined %}t{% endif %}");
        assertEquals("true|false|true|d|t", TestProject.compile(p.compiler(), "t", false));
    }
}
