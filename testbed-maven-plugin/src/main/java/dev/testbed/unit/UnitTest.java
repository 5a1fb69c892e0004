package dev.testbed.unit;

import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import dev.testbed.project.UnitTestDefinition;
import dev.testbed.results.DataTest;
import java.util.List;

/**
 * A dbt unit test ready to run: its definition, how results and selection see it (a {@link DataTest} of type
 * {@code unit}, named as dbt names it), and the tested model compiled with each input replaced by a fixture CTE.
 *
 * @param test        the test as results, artifacts and history see it; its {@code sql} is the compiled model below
 *                    (or null with the compile error), headed by the definition, so that the up-to-date check sees both
 * @param compiledSql the tested model's SQL with its refs and sources (and {@code this}) replaced by fixture CTE names;
 *                    null when it did not compile
 * @param inputs      the {@code given} inputs, each with its CTE name
 * @param expectedSql for {@code expect} in {@code format: sql}, its text rendered as Jinja (as dbt renders it); else null
 */
public record UnitTest(UnitTestDefinition definition, DataTest test, ParsedModel model, String compiledSql, List<Input> inputs,
                       String expectedSql) {

    /** dbt's name of an ephemeral model's CTE, which a fixture takes the place of. */
    static final String CTE_PREFIX = "__dbt__cte__";

    /**
     * One given input.
     *
     * @param cte     the CTE name the compiled model reads it as
     * @param model   the model or seed it stands for ({@code this}: the tested model), or null for a source
     * @param source  the source table it stands for, or null
     * @param fixture its rows
     * @param sql     for {@code format: sql}, its text rendered as Jinja (dbt compiles it like a model); else null
     */
    public record Input(String cte, String model, SourceKey source, UnitTestDefinition.Fixture fixture, String sql) {

        /** How messages name it, as dbt's fixture model is named: the model's, or the source table's name. */
        String name() {
            return model != null ? model : source.tableName();
        }
    }

    public String name() {
        return test.name();
    }

    /** How the console names it, as dbt does: {@code model::test}. */
    public String displayName() {
        return model.name() + "::" + definition.name();
    }
}
