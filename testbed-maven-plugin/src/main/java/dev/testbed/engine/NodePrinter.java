package dev.testbed.engine;

import dev.testbed.core.Reporter;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.results.ModelResult;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestStatus;
import java.util.Locale;
import java.util.function.Function;

/**
 * The build's one printer: a numbered line per node, dbt-style, for seeds, models and tests alike, each saying why the
 * node was built or kept. Failures print with their details at error level, so that {@code mvn -q} shows them.
 */
final class NodePrinter {

    private final Reporter reporter;
    private final int total;
    private final Function<String, String> displayName;
    private int finished;

    /** @param displayName how a model is named: {@code schema.name} */
    NodePrinter(Reporter reporter, int total, Function<String, String> displayName) {
        this.reporter = reporter;
        this.total = total;
        this.displayName = displayName;
    }

    synchronized void model(ModelResult result, String why) {
        finished++;
        ParsedModel model = result.model();
        String kind = kind(model);
        String name = displayName.apply(model.name());
        String what = switch (result.status()) {
            case SUCCESS -> switch (model.config().materialized()) {
                case SEED -> "OK loaded seed file " + name;
                case SNAPSHOT -> "OK snapshotted " + name;
                default -> "OK created sql " + kind + " model " + name;
            };
            case ERROR -> model.config().materialized() == Materialization.SNAPSHOT ? "ERROR snapshotting " + name
                    : "ERROR creating sql " + kind + " model " + name;
            case SKIPPED -> "SKIP relation " + name + " due to upstream failure";
            case UP_TO_DATE -> "UP TO DATE " + switch (model.config().materialized()) {
                case SEED -> "seed ";
                case SNAPSHOT -> "snapshot ";
                default -> kind + " model ";
            } + name;
        };
        String outcome = switch (result.status()) {
            case SUCCESS -> result.rowsAffected() >= 0 ? "SELECT " + result.rowsAffected() : "OK";
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
            case UP_TO_DATE -> "UP TO DATE";
        };
        String line = line(what, outcome, result.elapsed().toNanos() / 1e9, why);
        if (result.status() == dev.testbed.results.ModelStatus.ERROR) {
            reporter.error(line + System.lineSeparator() + indent(result.message()));
        } else {
            reporter.info(line);
        }
    }

    synchronized void test(TestResult result, String why) {
        finished++;
        String outcome = switch (result.status()) {
            case PASS -> result.failures() > 0 ? "PASS " + result.failures() : "PASS";
            case WARN -> "WARN " + result.failures();
            case FAIL -> "FAIL " + result.failures();
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
        };
        boolean unit = result.test().type().equals("unit");
        // dbt names a unit test model::test, and a skipped one "unit_test <name>"
        String name = unit && result.status() != TestStatus.SKIPPED ? result.test().suite() + "::" + result.test().name() : result.test().name();
        String skip = unit ? "SKIP unit_test" : "SKIP test";
        String line = line((result.status() == TestStatus.SKIPPED ? skip : outcome) + " " + name, outcome, result.elapsed().toNanos() / 1e9, why);
        switch (result.status()) {
            // a pass says something only when the test has something to say: a drift test what it compared
            case PASS -> reporter.info(result.upToDate() || result.message().isBlank() ? line : line + System.lineSeparator() + indent(result.message()));
            case SKIPPED -> reporter.info(line + " (" + result.message() + ")");
            case WARN -> reporter.warn(line + System.lineSeparator() + indent(result.details()));
            case FAIL, ERROR -> reporter.error(line + System.lineSeparator() + indent(result.details()));
        }
    }

    private String line(String what, String outcome, double seconds, String why) {
        return String.format(Locale.ROOT, "%3d of %d %s [%s in %.2fs]%s", finished, total, what, outcome, seconds,
                why == null || why.isBlank() ? "" : " (" + why + ")");
    }

    private static String kind(ParsedModel model) {
        return model.config().materialized().name().toLowerCase(Locale.ROOT);
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }
}
