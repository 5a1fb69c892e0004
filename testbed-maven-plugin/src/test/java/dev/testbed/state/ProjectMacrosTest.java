package dev.testbed.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.project.MacroFile;
import dev.testbed.project.Package;
import dev.testbed.project.Project;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which macros a model's code calls, for the up-to-date check: namespaced calls, dispatch and the built-in dbt package. */
class ProjectMacrosTest {

    private static MacroFile file(String path, String text) {
        return new MacroFile(Path.of(path), path, text);
    }

    @Test
    void aDispatchCountsEveryPrefixedImplementation() {
        ProjectMacros macros = ProjectMacros.of(List.of(file("macros/label.sql", """
                {% macro label(x) %}{{ return(adapter.dispatch('label')(x)) }}{% endmacro %}
                {% macro default__label(x) %}upper({{ x }}){% endmacro %}
                {% macro duckdb__label(x) %}lower({{ x }}){% endmacro %}
                {% macro unrelated(x) %}{{ x }}{% endmacro %}
                """)), "");
        assertEquals(Set.of("label", "default__label", "duckdb__label"), macros.usedBy("select {{ label('tier') }}"));
    }

    @Test
    void aNamespacedCallOfTheDbtPackageCountsItsMacrosAndTheProjectsOverrideOfItsDispatch() {
        ProjectMacros macros = ProjectMacros.of(List.of(file("macros/esc.sql",
                "{% macro duckdb__escape_single_quotes(e) %}replace({{ e }}, '''', ''''''){% endmacro %}")), "");
        Set<String> used = macros.usedBy("select '{{ dbt.escape_single_quotes(\"it's\") }}'");
        // the library's default__escape_single_quotes may call further dbt macros (replace): those count too
        assertTrue(used.containsAll(Set.of("escape_single_quotes", "default__escape_single_quotes", "duckdb__escape_single_quotes")), used::toString);
        assertFalse(used.contains("datediff"), used::toString);
        assertTrue(macros.body("duckdb__escape_single_quotes").contains("replace("), "the project's override is hashed");
        assertTrue(macros.body("escape_single_quotes").contains("adapter.dispatch"), "the built-in macro is hashed too");
    }

    @Test
    void aPackagesMacrosCountForTheModelsThatCallThemThroughTheirNamespace() {
        Project project = new Project(Path.of("/p"), "shop", List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of(),
                List.of(), List.of(), List.of(), List.of(new Package("util", Path.of("/p/util"), List.of(file("util/macros/money.sql",
                        "{% macro cents(x) %}({{ x }} * 100){% endmacro %}")), Map.of())), Map.of());
        ProjectMacros macros = ProjectMacros.of(project, "");
        assertEquals(Set.of("cents"), macros.usedBy("select {{ util.cents('amount') }}"));
        assertTrue(macros.body("cents").contains("* 100"));
    }

    @Test
    void sqlTextAndFiltersAreNotCallsOfTheDbtPackagesMacrosOfTheSameName() {
        ProjectMacros macros = ProjectMacros.of(List.of(file("macros/money.sql",
                "{% macro cents(x) %}cast({{ x | replace('$', '') }} * 100 as bigint){% endmacro %}")), "");
        // cast( is SQL and | replace( a filter, though the dbt package has macros cast and replace
        assertEquals(Set.of("cents"), macros.usedBy("select {{ cents('amount') }}, length(name), right(name, 2)"));
        assertEquals(Set.of("cast", "default__cast"), macros.usedBy("select {{ dbt.cast('amount', 'double') }}"));
    }
}
