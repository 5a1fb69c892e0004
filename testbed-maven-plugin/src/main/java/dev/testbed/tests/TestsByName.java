package dev.testbed.tests;

import dev.testbed.results.DataTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The terms of a selection that name data tests, as {@code dbt test --select <test name>} selects a test by the name dbt
 * prints. The short (hashed) form of a long name is accepted too, since it names the test's compiled file and table and
 * earlier versions of the plugin printed it.
 *
 * @param tests the named tests' names
 * @param rest  the selection without those terms, for the model selector
 */
record TestsByName(Set<String> tests, String rest) {

    /** @param isModel whether a name also names a model or seed: such a term selects it as well, as dbt's name method does */
    static TestsByName in(String selection, List<DataTest> known, Predicate<String> isModel) {
        if (selection == null || selection.isBlank()) {
            return new TestsByName(Set.of(), "");
        }
        Set<String> names = new HashSet<>();
        known.forEach(test -> {
            names.add(test.name());
            names.add(test.id().shortName());
        });
        Set<String> named = new HashSet<>();
        List<String> rest = new ArrayList<>();
        for (String term : selection.strip().split("\\s+")) {
            if (names.contains(term)) {
                named.add(term);
            }
            if (!names.contains(term) || isModel.test(term)) {
                rest.add(term);
            }
        }
        return new TestsByName(Set.copyOf(named), String.join(" ", rest));
    }

    /** Whether the selection names this test. */
    boolean names(DataTest test) {
        return tests.contains(test.name()) || tests.contains(test.id().shortName());
    }
}
