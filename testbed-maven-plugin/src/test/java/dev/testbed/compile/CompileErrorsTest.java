package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template mistakes fail with the model file, the line and, for unknown names, the closest existing one. */
class CompileErrorsTest {

    @TempDir
    Path root;

    private TestbedException parseFails(TestProject p, String model) {
        return assertThrows(TestbedException.class, () -> p.compiler().parse(p.file(model)));
    }

    @Test
    void unknownFunctionNamesFileLineAndClosestFunction() {
        TestProject p = new TestProject(root).model("models/staging/stg_sales.sql", "select *\nfrom {{ reff('raw_sales') }}");
        TestbedException e = parseFails(p, "stg_sales");

        assertEquals("Model stg_sales: models/staging/stg_sales.sql, line 2: unknown function or macro 'reff'", e.getMessage().lines().findFirst().orElseThrow());
        assertEquals("Did you mean 'ref'?", e.suggestion());
    }

    @Test
    void unknownMacroSuggestsTheClosestProjectMacro() {
        TestProject p = new TestProject(root)
                .macro("macros/money.sql", "{% macro cents_to_dollars(c) %}{{ c }} / 100{% endmacro %}")
                .model("models/m.sql", "select {{ cents_to_dolars('x') }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 1: unknown function or macro 'cents_to_dolars'"), e.getMessage());
        assertEquals("Did you mean 'cents_to_dollars'?", e.suggestion());
    }

    @Test
    void unknownFunctionWithoutCloseNameSaysHowToDefineIt() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ completely_unrelated_thing() }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.suggestion().contains("{% macro completely_unrelated_thing(...) %}"), e.suggestion());
    }

    @Test
    void undefinedVariableFailsInsteadOfRenderingEmpty() {
        TestProject p = new TestProject(root).model("models/m.sql", "{% set start_date = '2024-01-01' %}\nselect 1\nwhere d > '{{ start_dat }}'");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 3: 'start_dat' is undefined"), e.getMessage());
        assertEquals("Did you mean 'start_date'?", e.suggestion());
    }

    @Test
    void undefinedVariableInAConditionFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "{% if full_refresh_mode %}x{% endif %}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("'full_refresh_mode' is undefined"), e.getMessage());
    }

    @Test
    void aProjectVarUsedAsAVariableSuggestsVar() {
        TestProject p = new TestProject(root).var("region", "eu").model("models/m.sql", "{{ region }}");
        assertEquals("Project variables are read with var('region').", parseFails(p, "m").suggestion());
    }

    @Test
    void unknownFilterFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "select '{{ 'a' | uper }}'");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 1: unknown filter 'uper'"), e.getMessage());
        assertEquals("Did you mean 'upper'?", e.suggestion());
    }

    @Test
    void unknownAttributeOfTargetFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "\n{{ target.shema }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 2: unknown attribute 'shema'"), e.getMessage());
        assertEquals("Did you mean 'schema'?", e.suggestion());
    }

    @Test
    void expressionSyntaxErrorNamesTheLine() {
        TestProject p = new TestProject(root).model("models/m.sql", "select\n  a,\n  {{ 1 + }} as b\nfrom t");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().startsWith("Model m: models/m.sql, line 3: Jinja syntax error"), e.getMessage());
    }

    @Test
    void missingEndTagNamesTheOpeningLine() {
        TestProject p = new TestProject(root).model("models/m.sql", "select 1\n\n{% if target.name == 'dev' %}\nwhere 1 = 1");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().startsWith("Model m: models/m.sql, line 3: Jinja syntax error"), e.getMessage());
        assertTrue(e.getMessage().contains("endif"), e.getMessage());
    }

    @Test
    void unknownTagSuggestsTheClosestTag() {
        TestProject p = new TestProject(root).model("models/m.sql", "select 1\n{% iff x %}{% endif %}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 2: unknown tag '{% iff %}'"), e.getMessage());
        assertEquals("Did you mean 'if'?", e.suggestion());
    }

    @Test
    void undeclaredSourceFailsWhenParsingWithTheClosestSource() {
        TestProject p = new TestProject(root).source("raw", "raw_sales", "raw").model("models/m.sql", "select 1\nfrom {{ source('raw', 'raw_sale') }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 2: source('raw', 'raw_sale') is not declared"), e.getMessage());
        assertEquals("Did you mean source('raw', 'raw_sales')?", e.suggestion());
    }

    @Test
    void refToAnUnknownModelFailsWhenCompilingWithTheClosestModel() {
        TestProject p = new TestProject(root)
                .model("models/stg_sales.sql", "select 1")
                .model("models/m.sql", "select 1\n\nfrom {{ ref('stg_sale') }}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("m"));
        TestbedException e = assertThrows(TestbedException.class, () -> compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 3: ref('stg_sale') names no model"), e.getMessage());
        assertEquals("Did you mean 'stg_sales'?", e.suggestion());
    }

    @Test
    void refToAProjectThatIsNeitherThisNorAPackageFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ ref('other', 'x') }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("ref('other', 'x') names package 'other', which this project neither is nor uses"), e.getMessage());
    }

    @Test
    void theFirstProblemIsReportedAndTheOthersCounted() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ nope_b }}\n{{ refx('a') }}\n{{ var('missing') }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("line 1: 'nope_b' is undefined (2 more problems in this file)"), e.getMessage());
    }

    @Test
    void aLaterProblemStillGetsItsOwnLineAfterAMacroCall() {
        TestProject p = new TestProject(root)
                .macro("macros/m.sql", "{% macro long_macro() %}\n\n\n\n\nx{% endmacro %}")
                .model("models/m.sql", "{{ long_macro() }} {{ undefined_after }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 1: 'undefined_after' is undefined"), e.getMessage());
    }

    @Test
    void runawayMacroRecursionFails() {
        TestProject p = new TestProject(root)
                .macro("macros/r.sql", "{% macro forever(n) %}{{ forever(n + 1) }}{% endmacro %}")
                .model("models/m.sql", "select 1\n{{ forever(0) }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("recursion limit"), e.getMessage());
    }

    @Test
    void pythonStringMethodsPointToFilters() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ 'abc'.upper() }}");
        TestbedException e = parseFails(p, "m");
        assertTrue(e.getMessage().contains("models/m.sql, line 1: unknown method: upper"), e.getMessage());
        assertTrue(e.suggestion().contains("{{ x | upper }}"), e.suggestion());
    }

    @Test
    void sourceRelationOfAnUndeclaredSourceFails() {
        TestProject p = new TestProject(root).source("raw", "raw_sales", "raw");
        assertEquals("lake.raw.raw_sales", p.compiler().sourceRelation(TestProject.key("raw", "raw_sales")));
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().sourceRelation(TestProject.key("raw", "raw_sale")));
        assertEquals("Did you mean raw.raw_sales?", e.suggestion());
    }
}
