package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt's schema naming (generate_schema_name) and relation text. */
class ModelCompilerSchemaTest {

    @TempDir
    Path root;

    private static String schemaOf(ModelCompiler compiler, TestProject p, String model) {
        return compiler.schemaFor(compiler.parse(p.file(model)));
    }

    @Test
    void withoutCustomSchemaTheTargetSchemaIsUsed() {
        TestProject p = new TestProject(root).model("models/m.sql", "select 1");
        ModelCompiler compiler = p.compiler();
        assertEquals("main", schemaOf(compiler, p, "m"));
    }

    @Test
    void aCustomSchemaIsAppendedToTheTargetSchema() {
        TestProject p = new TestProject(root)
                .properties("m", Map.of("schema", "marts"))
                .model("models/m.sql", "select 1");
        ModelCompiler compiler = p.compiler();
        assertEquals("main_marts", schemaOf(compiler, p, "m"));
        assertEquals("lake.main_marts.m", compiler.relationFor(compiler.parse(p.file("m"))));
    }

    @Test
    void anAliasRenamesTheRelation() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ config(alias='daily_sales', schema='marts') }}select 1");
        ModelCompiler compiler = p.compiler();
        assertEquals("lake.main_marts.daily_sales", compiler.relationFor(compiler.parse(p.file("m"))));
    }

    @Test
    void aProjectMacroReplacesTheRule() {
        TestProject p = new TestProject(root)
                .macro("macros/get_custom_schema.sql", """
                        {% macro generate_schema_name(custom_schema_name, node) -%}
                            {%- if custom_schema_name is none -%}
                                {{ target.schema }}
                            {%- elif node.fqn[1] == 'staging' -%}
                                stg_{{ custom_schema_name | trim }}
                            {%- else -%}
                                {{ custom_schema_name | trim }}
                            {%- endif -%}
                        {%- endmacro %}
                        """)
                .model("models/plain.sql", "select 1")
                .model("models/marts/m.sql", "{{ config(schema='marts') }}select 1")
                .model("models/staging/s.sql", "{{ config(schema='raw_clean') }}select 1");
        ModelCompiler compiler = p.compiler();

        assertEquals("main", schemaOf(compiler, p, "plain"));
        assertEquals("marts", schemaOf(compiler, p, "m"));
        assertEquals("stg_raw_clean", schemaOf(compiler, p, "s"));
    }

    @Test
    void aSchemaMacroUsingReturnWorks() {
        TestProject p = new TestProject(root)
                .macro("macros/schema.sql", "{% macro generate_schema_name(custom_schema_name, node) %}{{ return(custom_schema_name or 'base') }}{% endmacro %}")
                .model("models/m.sql", "{{ config(schema='x') }}select 1")
                .model("models/n.sql", "select 1");
        ModelCompiler compiler = p.compiler();
        assertEquals("x", schemaOf(compiler, p, "m"));
        assertEquals("base", schemaOf(compiler, p, "n"));
    }

    @Test
    void aFailingSchemaMacroNamesTheMacroFileAndModel() {
        TestProject p = new TestProject(root)
                .macro("macros/schema.sql", "{% macro generate_schema_name(custom_schema_name, node) %}\n{{ custom_schema }}{% endmacro %}")
                .model("models/m.sql", "select 1");
        ModelCompiler compiler = p.compiler();
        TestbedException e = assertThrows(TestbedException.class, () -> schemaOf(compiler, p, "m"));
        assertTrue(e.getMessage().contains("generate_schema_name for model m (models/m.sql), in macro 'generate_schema_name' (macros/schema.sql, line 2): "
                + "'custom_schema' is undefined"), e.getMessage());
        assertEquals("Did you mean 'custom_schema_name'?", e.suggestion());
    }

    @Test
    void relationsAreQuotedOnlyWhereNeeded() {
        Target target = new Target("dev", "main", "lake");
        assertEquals("lake.main.stg_sales", target.relation("main", "stg_sales"));
        assertEquals("lake.main.\"order\"", target.relation("main", "order"));
        assertEquals("lake.\"main-2\".\"Daily Sales\"", target.relation("main-2", "Daily Sales"));
        assertEquals("lake.main.CamelCase", target.relation("main", "CamelCase"));
        assertEquals("lake.main.\"1st\"", target.relation("main", "1st"));
    }

    @Test
    void relationTextIsSplitIntoItsParts() {
        Relation quoted = Relation.parse("lake.\"my schema\".\"a\"\"b\"");
        assertEquals("lake", quoted.getDatabase());
        assertEquals("my schema", quoted.getSchema());
        assertEquals("a\"b", quoted.getIdentifier());
        assertEquals("lake.\"my schema\".\"a\"\"b\"", quoted.render());
        Relation cte = Relation.parse("__dbt__cte__orders");
        assertEquals("__dbt__cte__orders", cte.getIdentifier());
        assertEquals(null, cte.getSchema());
    }
}
