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

/** Project macros (macros/*.sql) called from models, with dbt's return(). */
class JinjaMacrosTest {

    @TempDir
    Path root;

    @Test
    void projectMacrosAreCallableFromModelsWithArgumentsAndDefaults() {
        TestProject p = new TestProject(root)
                .macro("macros/money.sql", """
                        {% macro cents_to_dollars(column_name, scale=2) -%}
                            round({{ column_name }} / 100.0, {{ scale }})
                        {%- endmacro %}
                        """)
                .model("models/m.sql", "select {{ cents_to_dollars('amount_cents') }} as amount, {{ cents_to_dollars('fee', scale=4) }} as fee");
        assertEquals("select round(amount_cents / 100.0, 2) as amount, round(fee / 100.0, 4) as fee", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void macrosInDifferentFilesCallEachOther() {
        TestProject p = new TestProject(root)
                .macro("macros/a.sql", "{% macro outer(x) %}[{{ inner(x) }}]{% endmacro %}")
                .macro("macros/b.sql", "{% macro inner(x) %}<{{ x }}>{% endmacro %}")
                .model("models/m.sql", "{{ outer('v') }}");
        assertEquals("[<v>]", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void returnMakesTheCallEvaluateToTheValue() {
        TestProject p = new TestProject(root)
                .macro("macros/r.sql", """
                        {% macro default_schema() %}{{ return('analytics') }}{% endmacro %}
                        {% macro payment_methods() %}
                            {{ return(['card', 'cash', 'voucher']) }}
                        {% endmacro %}
                        {% macro first_method() %}{% do return(payment_methods()[0]) %}{% endmacro %}
                        """)
                .model("models/m.sql", "{{ default_schema() }}|{% for m in payment_methods() %}{{ m }}{% if not loop.last %},{% endif %}{% endfor %}|"
                        + "{{ payment_methods() | length }}|{{ first_method() }}");
        assertEquals("analytics|card,cash,voucher|3|card", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void theFirstReturnWins() {
        TestProject p = new TestProject(root)
                .macro("macros/r.sql", "{% macro pick(x) %}{% if x > 1 %}{{ return('big') }}{% endif %}{{ return('small') }}{% endmacro %}")
                .model("models/m.sql", "{{ pick(5) }}|{{ pick(0) }}");
        assertEquals("big|small", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void returnWorksInMacrosDefinedInTheModel() {
        TestProject p = new TestProject(root).model("models/m.sql", "{% macro twice(x) %}{{ return(x * 2) }}{% endmacro %}{{ twice(21) }}");
        assertEquals("42", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void returnOutsideAMacroFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "select 1\n{{ return(1) }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 2: return() is only allowed inside a macro"), e.getMessage());
    }

    @Test
    void refsAndConfigInsideMacrosCountForTheModel() {
        TestProject p = new TestProject(root)
                .macro("macros/deps.sql", "{% macro orders_table() %}{{ config(materialized='table') }}{{ ref('orders') }}{% endmacro %}")
                .model("models/orders.sql", "select 1 as id")
                .model("models/m.sql", "select * from {{ orders_table() }}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("m"));
        assertEquals(List.of("orders"), parsed.refs());
        assertEquals("TABLE", parsed.config().materialized().name());
        assertEquals("select * from lake.main.orders", compiler.compile(parsed, TestProject.context(compiler, false, "lake.main.m")));
    }

    @Test
    void macrosSeeTheModelsThisTargetAndIsIncremental() {
        TestProject p = new TestProject(root)
                .macro("macros/inc.sql", """
                        {% macro newer_than_existing(column) -%}
                        {%- if is_incremental() %} where {{ column }} > (select max({{ column }}) from {{ this }}) {%- endif %}
                        {%- endmacro %}""")
                .model("models/m.sql", "select * from t{{ newer_than_existing('d') }} -- {{ target.name }}");
        ModelCompiler compiler = p.compiler();
        ParsedModel parsed = compiler.parse(p.file("m"));
        assertEquals("select * from t where d > (select max(d) from lake.main.m) -- dev",
                compiler.compile(parsed, TestProject.context(compiler, true, "lake.main.m")));
    }

    @Test
    void testBlocksDefineTestMacros() {
        TestProject p = new TestProject(root)
                .macro("macros/tests.sql", "{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}")
                .model("models/m.sql", "{{ test_positive('t', 'amount') }}");
        assertEquals("select * from t where amount <= 0", TestProject.compile(p.compiler(), "m", false));
    }

    @Test
    void aMacroDefinedTwiceFailsNamingBothFiles() {
        TestProject p = new TestProject(root)
                .macro("macros/a.sql", "{% macro m() %}a{% endmacro %}")
                .macro("macros/b.sql", "{% macro m() %}b{% endmacro %}");
        TestbedException e = assertThrows(TestbedException.class, p::compiler);
        assertTrue(e.getMessage().contains("Macro 'm' is defined twice: in macros/a.sql and in macros/b.sql"), e.getMessage());
    }

    @Test
    void aSyntaxErrorInAMacroFileNamesTheFileAndLine() {
        TestProject p = new TestProject(root).macro("macros/bad.sql", "{% macro m() %}\n{% if x %}\nno end\n{% endmacro %}");
        TestbedException e = assertThrows(TestbedException.class, p::compiler);
        assertTrue(e.getMessage().startsWith("macros/bad.sql, line 4: Jinja syntax error"), e.getMessage());
        assertTrue(e.getMessage().contains("expected: endif"), e.getMessage());
    }

    @Test
    void problemsInsideMacrosNameTheMacroFileAndTheModelLine() {
        TestProject p = new TestProject(root)
                .macro("macros/util.sql", "{% macro cents_to_dollars(column_name) %}\n  round({{ colum_name }} / 100, 2)\n{% endmacro %}")
                .model("models/m.sql", "select\n  {{ cents_to_dollars('x') }}\nfrom t");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 2, in macro 'cents_to_dollars' (macros/util.sql, line 2): 'colum_name' is undefined"),
                e.getMessage());
        assertEquals("Did you mean 'column_name'?", e.suggestion());
    }

    @Test
    void unknownFunctionsInsideNestedMacrosAreTracedToTheModel() {
        TestProject p = new TestProject(root)
                .macro("macros/a.sql", "{% macro outer() %}\n\n{{ inner() }}{% endmacro %}")
                .macro("macros/b.sql", "{% macro inner() %}\n{{ cents_to_dolars('x') }}{% endmacro %}\n{% macro cents_to_dollars(c) %}{{ c }}{% endmacro %}")
                .model("models/m.sql", "\n\n\n{{ outer() }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 4, in macro 'outer' (macros/a.sql, line 3), in macro 'inner' (macros/b.sql, line 2): "
                + "unknown function or macro 'cents_to_dolars'"), e.getMessage());
        assertEquals("Did you mean 'cents_to_dollars'?", e.suggestion());
    }
}
