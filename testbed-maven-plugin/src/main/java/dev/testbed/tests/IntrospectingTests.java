package dev.testbed.tests;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.CompileDatabase;
import dev.testbed.compile.SingleQuery;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.results.DataTest;
import java.util.Map;
import java.util.function.Function;

/**
 * The data tests whose SQL queries the lake while compiling ({@code run_query}, {@code statement},
 * {@code get_columns_in_relation} ... in a singular test, a generic test's macro or the macros they call). dbt renders a
 * test when it runs, with {@code execute} true; so are these, on the connection that runs them: inside an atomic build
 * that is the build's transaction, so they see the models built before them. Other tests keep the SQL compiled when
 * they were collected.
 */
public final class IntrospectingTests {

    private final Map<String, Function<CompileContext, String>> renders;
    private final CompileContext context;

    IntrospectingTests(Map<String, Function<CompileContext, String>> renders, CompileContext context) {
        this.renders = renders;
        this.context = context;
    }

    /**
     * The test as it runs: compiled again against {@code database} when it queries while compiling, its SQL checked to be
     * one query; a template or query error makes it a test that did not compile, naming its file and line. Any other
     * test is returned as it is.
     *
     * @param reporter where the test's {@code log} and {@code print} write
     */
    public DataTest compiledOn(DataTest test, CompileDatabase database, SingleQuery check, Reporter reporter) {
        Function<CompileContext, String> render = renders.get(test.name());
        if (render == null || test.sql() == null) {
            return test;
        }
        try {
            return test.withSql(check.require(test.origin(), render.apply(context.introspecting(database, reporter))));
        } catch (TestbedException e) {
            return test.withCompileError(e.getMessage());
        }
    }
}
