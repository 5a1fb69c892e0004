package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of dbt's context that need no database: {@code modules.datetime}, {@code modules.re}, {@code zip},
 * {@code tojson}/{@code fromjson}, {@code graph}, and what {@code run_query} does where there is no database. Expected
 * texts are what dbt-core 1.11.4 rendered for the same expressions (corpus project {@code introspection}).
 */
class DbtContextHelpersTest {

    @TempDir
    Path root;

    private String render(String sql) {
        TestProject p = new TestProject(root).model("models/m.sql", sql);
        return TestProject.compile(p.compiler(), "m", false).strip();
    }

    @Test
    void modulesDatetimeParsesFormatsAndPrintsAsPython() {
        assertEquals("2024-03-15 08:30:00|2024/03/15 08|2024|2024-03-15T08:30:00|2024-01-31|2 days, 3:00:00|0:00:01.500000", render("""
                {%- set day = modules.datetime.datetime.strptime('2024-03-15 08:30:00', '%Y-%m-%d %H:%M:%S') -%}
                {{ day }}|{{ day.strftime('%Y/%m/%d %H') }}|{{ day.year }}|{{ day.isoformat() }}|{{ modules.datetime.date(2024, 1, 31) }}|\
                {{ modules.datetime.timedelta(days=2, hours=3) }}|{{ modules.datetime.timedelta(seconds=1.5) }}"""));
    }

    @Test
    void modulesReMatchesSearchesSubstitutesAndFindsAsPython() {
        assertEquals("example|hello_world_|1-22-333|a1|x_y|none|2", render("""
                {#- Jinjava's string literals know only the escapes \\' and \\\\, so the pattern doubles its backslashes (so does Jinja2) -#}
                {%- set found = modules.re.match('(\\\\w+)@(\\\\w+)\\\\.com', 'bob@example.com') -%}
                {{ found.group(2) }}|{{ modules.re.sub('[^a-z0-9]+', '_', 'Hello, World!' | lower) }}|\
                {{ modules.re.findall('[0-9]+', 'a1b22c333') | join('-') }}|{{ modules.re.search('[a-z][0-9]', 'A a1').group(0) }}|\
                {{ modules.re.compile('(?P<a>x)-(?P<b>y)').sub('\\\\g<a>_\\\\2', 'x-y') }}|\
                {{ 'none' if modules.re.match('b', 'ab') is none else 'found' }}|{{ modules.re.split(',', 'a,b') | length }}"""));
    }

    @Test
    void zipTojsonAndFromjsonBehaveAsDbts() {
        assertEquals("{\"b\": 2, \"a\": [1, 2.5, \"x\"], \"c\": null, \"d\": {\"e\": true}}"
                        + "|{\"a\": [1, 2.5, \"x\"], \"b\": 2, \"c\": null, \"d\": {\"e\": true}}|3|2.5|first=1,second=2,|2|fallback", render("""
                {%- set settings = fromjson('{"b": 2, "a": [1, 2.5, "x"], "c": null, "d": {"e": true}}') -%}
                {%- set pairs = zip(['first', 'second', 'third'], [1, 2]) | list -%}
                {{ tojson(settings) }}|{{ tojson(settings, sort_keys=True) }}|{{ settings.b + 1 }}|{{ settings['a'][1] }}|\
                {% for name, value in pairs %}{{ name }}={{ value }},{% endfor %}|{{ pairs | length }}|{{ fromjson('not json', 'fallback') }}"""));
    }

    @Test
    void graphListsTheParsedModelsWithTheirDependenciesAndTheSources() {
        TestProject p = new TestProject(root)
                .source("raw", "orders", "raw")
                .model("models/stg.sql", "select * from {{ source('raw', 'orders') }}")
                .model("models/totals.sql", "select * from {{ ref('stg') }}")
                .model("models/listing.sql", """
                        {%- for id in graph.nodes.keys() | sort %}{% set node = graph.nodes[id] -%}
                        {{ id }}:{{ node.resource_type }}:{{ node.depends_on.nodes | join('+') }}:{{ node.schema }};
                        {%- endfor %}|{{ graph.sources.keys() | list }}""");
        ModelCompiler compiler = p.compiler();
        compiler.useGraph(List.of(compiler.parse(p.file("stg")), compiler.parse(p.file("totals")), compiler.parse(p.file("listing"))));
        assertEquals("model.shop.listing:model::main;model.shop.stg:model:source.shop.raw.orders:main;"
                + "model.shop.totals:model:model.shop.stg:main;|['source.shop.raw.orders']", TestProject.compile(compiler, "listing", false).strip());
    }

    @Test
    void runQueryReturnsNoneWhileParsingAndFailsWhereThereIsNoDatabase() {
        TestProject p = new TestProject(root).model("models/m.sql", "{% set r = run_query('select 1') %}select {{ r is none }} as parsed");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("m")); // would fail if parsing queried: there is no database at all

        TestbedException error = assertThrows(TestbedException.class, () -> compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.m")));
        assertTrue(error.getMessage().contains("models/m.sql, line 1: run_query queries the lake, which is not available here"), error.getMessage());
    }

    @Test
    void aRefTheParseDidNotSeeFailsAsInDbtNamingTheDependsOnHint() {
        TestProject p = new TestProject(root)
                .model("models/a.sql", "select 1 as id")
                .model("models/b.sql", "{% if execute %}select * from {{ ref('a') }}{% else %}select 1 as id{% endif %}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("b"));

        TestbedException error = assertThrows(TestbedException.class, () -> compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.b")));
        assertTrue(error.getMessage().contains("models/b.sql, line 1: dbt was unable to infer all dependencies for the model \"b\"")
                && error.getMessage().contains("-- depends_on: {{ ref('a') }}"), error.getMessage());
    }

    @Test
    void generateSchemaNameCannotQueryAndSaysSo() {
        TestProject p = new TestProject(root)
                .macro("macros/schemas.sql", """
                        {% macro generate_schema_name(custom_schema_name, node) %}
                          {%- set r = run_query('select 1') -%}{{ custom_schema_name }}
                        {% endmacro %}
                        """)
                .model("models/m.sql", "{{ config(schema='marts') }}select 1 as id");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("m"));

        TestbedException error = assertThrows(TestbedException.class, () -> compiler.schemaFor(parsed));
        assertTrue(error.getMessage().contains("run_query queries the lake, which is not available here")
                && error.getMessage().contains("macros/schemas.sql, line 2"), error.getMessage());
    }

    @Test
    void aProjectMacroNamedRunQueryReplacesDbtsAsInDbt() {
        TestProject p = new TestProject(root)
                .macro("macros/run_query.sql", "{% macro run_query(sql) %}{{ return('own ' ~ sql) }}{% endmacro %}")
                .model("models/m.sql", "select '{{ run_query('x') }}' as v");
        assertEquals("select 'own x' as v", TestProject.compile(p.compiler(), "m", false));
    }
}
