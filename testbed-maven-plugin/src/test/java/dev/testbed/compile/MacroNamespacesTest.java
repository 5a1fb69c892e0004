package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Macro namespaces and adapter.dispatch, resolved as dbt-core 1.11 resolves them (MacroNamespace, ProviderContext.dispatch):
 * the root project's and the built-in dbt package's macros, called bare or through their package's name.
 */
class MacroNamespacesTest {

    @TempDir
    Path root;

    private String compile(TestProject p) {
        return TestProject.compile(p.compiler(), "m", false);
    }

    @Test
    void theBuiltInDbtPackageIsLoadedFromTheClasspathAndCalledThroughItsNamespaceOrBare() {
        TestProject p = new TestProject(root).model("models/m.sql", "select '{{ dbt.escape_single_quotes(\"it's\") }}', '{{ escape_single_quotes(\"o'k\") }}'");
        assertEquals("select 'it''s', 'o''k'", compile(p));
    }

    @Test
    void theRootProjectsMacrosAreInANamespaceNamedAfterTheProject() {
        TestProject p = new TestProject(root)
                .macro("macros/a.sql", "{% macro cents(c) %}{{ c }} / 100{% endmacro %}")
                .model("models/m.sql", "select {{ shop.cents('x') }}");
        assertEquals("select x / 100", compile(p));
    }

    @Test
    void aRootMacroNamedLikeADbtMacroOverridesItForBareCallsButNotThroughTheDbtNamespace() {
        TestProject p = new TestProject(root)
                .macro("macros/esc.sql", "{% macro escape_single_quotes(e) %}mine({{ e }}){% endmacro %}")
                .model("models/m.sql", "{{ escape_single_quotes('a') }}|{{ dbt.escape_single_quotes(\"b'\") }}");
        assertEquals("mine(a)|b''", compile(p));
    }

    @Test
    void dispatchToTheDbtNamespaceSearchesTheRootProjectFirstThenDbt() {
        // no dispatch: config, and 'dbt' is a loaded package: dbt searches [root project, dbt], duckdb__ before default__
        TestProject p = new TestProject(root)
                .macro("macros/esc.sql", "{% macro duckdb__escape_single_quotes(e) %}duck({{ e }}){% endmacro %}"
                        + "{% macro default__escape_single_quotes(e) %}default({{ e }}){% endmacro %}")
                .model("models/m.sql", "{{ dbt.escape_single_quotes('x') }}");
        assertEquals("duck(x)", compile(p));
    }

    @Test
    void aDispatchSearchOrderReplacesTheDefaultOrder() {
        TestProject p = new TestProject(root)
                .dispatch("dbt", "dbt")
                .macro("macros/esc.sql", "{% macro duckdb__escape_single_quotes(e) %}duck({{ e }}){% endmacro %}")
                .model("models/m.sql", "{{ dbt.escape_single_quotes(\"'\") }}");
        assertEquals("''", compile(p));
    }

    @Test
    void dispatchWithoutANamespaceResolvesBareNamesAndTheResultIsCalledWithKeywordArguments() {
        TestProject p = new TestProject(root)
                .macro("macros/d.sql", """
                        {% macro greet(name, punct='.') %}{{ return(adapter.dispatch('greet')(name, punct=punct)) }}{% endmacro %}
                        {% macro default__greet(name, punct) %}hello {{ name }}{{ punct }}{% endmacro %}
                        """)
                .model("models/m.sql", "{{ greet('you', punct='!') }}|{{ adapter.dispatch(macro_name='greet', macro_namespace=none)('me', '?') }}");
        assertEquals("hello you!|hello me?", compile(p));
    }

    @Test
    void anUnknownDispatchFailsWithDbtsMessageListingWhatWasSearched() {
        TestProject p = new TestProject(root).model("models/m.sql", "select 1\n{{ adapter.dispatch('nothing', 'dbt')() }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 2: In dispatch: No macro named 'nothing' found within namespace: 'dbt'\n"
                + "    Searched for: 'shop.duckdb__nothing', 'shop.default__nothing', 'dbt.duckdb__nothing', 'dbt.default__nothing'"), e.getMessage());
    }

    @Test
    void aDottedDispatchNameFailsAsInDbt() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ adapter.dispatch('dbt.hash')('x') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("Did you mean `adapter.dispatch(\"hash\", macro_namespace=\"dbt\")`?"), e.getMessage());
    }

    @Test
    void anUnknownMacroOfANamespaceNamesThePackageAndTheClosestMacro() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ dbt.escape_single_quote('x') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("models/m.sql, line 1: package 'dbt' has no macro 'escape_single_quote'"), e.getMessage());
        assertTrue(e.getMessage().contains("escape_single_quotes"), e.getMessage());
    }

    @Test
    void aProblemInsideADbtMacroNamesItsResourceFileAndLine() {
        TestProject p = new TestProject(root)
                .macro("macros/esc.sql", "{% macro duckdb__escape_single_quotes(e) %}{{ no_such_thing.x }}{% endmacro %}")
                .model("models/m.sql", "{{ dbt.escape_single_quotes('x') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("in macro 'escape_single_quotes' (dbt/macros/utils/escape_single_quotes.sql, line 4), "
                + "in macro 'duckdb__escape_single_quotes' (macros/esc.sql, line 1)"), e.getMessage());
    }

    @Test
    void aMacroNamedLikeABuiltinFunctionStillFails() {
        TestProject p = new TestProject(root).macro("macros/r.sql", "{% macro ref(x) %}{% endmacro %}").model("models/m.sql", "select 1");
        TestbedException e = assertThrows(TestbedException.class, p::compiler);
        assertTrue(e.getMessage().contains("macros/r.sql: macro 'ref' has the name of a built-in function"), e.getMessage());
    }

    @Test
    void aPackagesNodeResolvesBareNamesInItsOwnPackageFirst() {
        TestProject p = new TestProject(root)
                .macro("macros/root.sql", "{% macro cents(x) %}root({{ x }}){% endmacro %}")
                .packageMacro("util", "util/macros/money.sql", "{% macro cents(x) %}({{ x }} * 100){% endmacro %}"
                        + "{% macro doubled(x) %}({{ cents(x) }} * 2){% endmacro %}")
                .packageModel("util", "util/models/m.sql", "select {{ doubled('a') }}, {{ cents('b') }}, {{ shop.cents('c') }}");
        assertEquals("select ((a * 100) * 2), (b * 100), root(c)", compile(p));
    }

    @Test
    void aPackageMacroCalledFromARootModelResolvesBareNamesAsTheRootModelDoesAsInDbt() {
        // dbt 1.11: 'cents' is undefined here, since macros run in the calling node's namespace
        TestProject p = new TestProject(root)
                .packageMacro("util", "util/macros/money.sql", "{% macro cents(x) %}({{ x }} * 100){% endmacro %}"
                        + "{% macro doubled(x) %}({{ cents(x) }} * 2){% endmacro %}")
                .model("models/m.sql", "select {{ util.cents('a') }}\n{{ util.doubled('b') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("in macro 'doubled' (util/macros/money.sql, line 1): unknown function or macro 'cents'"), e.getMessage());
    }

    @Test
    void dispatchToAPackageNamespaceSearchesTheRootFirstAndASearchOrderCanPutThePackageFirst() {
        String vendored = "{% macro label(x) %}{{ return(adapter.dispatch('label', 'vendored')(x)) }}{% endmacro %}"
                + "{% macro default__label(x) %}upper({{ x }}){% endmacro %}";
        TestProject overridden = new TestProject(root)
                .macro("macros/o.sql", "{% macro default__label(x) %}lower({{ x }}){% endmacro %}")
                .packageMacro("vendored", "dbt_packages/vendored/macros/label.sql", vendored)
                .model("models/m.sql", "{{ vendored.label('v') }}");
        assertEquals("lower(v)", compile(overridden));
        TestProject packageFirst = new TestProject(root)
                .dispatch("vendored", "vendored", "shop")
                .macro("macros/o.sql", "{% macro default__label(x) %}lower({{ x }}){% endmacro %}")
                .packageMacro("vendored", "dbt_packages/vendored/macros/label.sql", vendored)
                .model("models/m.sql", "{{ vendored.label('v') }}");
        assertEquals("upper(v)", compile(packageFirst));
    }

    @Test
    void refWithAPackageNameAndPackageScopedVars() {
        TestProject p = new TestProject(root)
                .var("multiplier", 1)
                .packageVar("util", "multiplier", 3)
                .packageModel("util", "util/models/pkg_orders.sql", "select {{ var('multiplier') }} as m")
                .model("models/m.sql", "select {{ var('multiplier') }} as m from {{ ref('util', 'pkg_orders') }}");
        assertEquals("select 3 as m", TestProject.compile(p.compiler(), "pkg_orders", false));
        assertEquals("select 1 as m from lake.main.pkg_orders", compile(p));
    }

    @Test
    void refWithAnUnknownPackageOrTheWrongPackageFails() {
        TestProject p = new TestProject(root)
                .packageModel("util", "util/models/pkg_orders.sql", "select 1")
                .model("models/m.sql", "select * from {{ ref('utl', 'pkg_orders') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> p.compiler().parse(p.file("m")));
        assertTrue(e.getMessage().contains("ref('utl', 'pkg_orders') names package 'utl', which this project neither is nor uses"), e.getMessage());
        assertTrue(e.suggestion().contains("util"), e.suggestion());
        TestProject wrong = new TestProject(root)
                .packageModel("util", "util/models/pkg_orders.sql", "select 1")
                .model("models/m.sql", "select * from {{ ref('shop', 'pkg_orders') }}");
        TestbedException e2 = assertThrows(TestbedException.class, () -> wrong.compiler().parse(wrong.file("m")));
        assertTrue(e2.getMessage().contains("'pkg_orders' is a node of package 'util', not of 'shop'"), e2.getMessage());
    }

    @Test
    void aDispatchedMacroKeptInAVariableIsCalledThroughIt() {
        TestProject p = new TestProject(root)
                .macro("macros/d.sql", "{% macro default__greet(name) %}hello {{ name }}{% endmacro %}"
                        + "{% macro twice(name) %}{% set impl = adapter.dispatch('greet') %}{{ impl(name) }}, {{ impl(name ~ '!') }}{% endmacro %}")
                .model("models/m.sql", "{% set g = adapter.dispatch('greet') %}{{ g('you') }}|{{ twice('me') }}|{{ range(2) | list }}");
        assertEquals("hello you|hello me, hello me!|[0, 1]", compile(p));
    }
}
