package dev.testbed.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many data tests have each last status, said in words for a report: {@code 70 data tests: 68 passed, 2 failed}.
 *
 * @param byStatus test count by last status ({@code pass}, {@code warn}, {@code fail}, {@code error}, {@code never run})
 */
public record TestTally(Map<String, Integer> byStatus) {

    /** The statuses in the order a reader wants them, each with its word; any other status follows under its own name. */
    private static final Map<String, String> WORDS = Map.of("pass", "passed", "warn", "warned", "fail", "failed", "error", "could not run",
            "never run", "never run");
    private static final List<String> ORDER = List.of("pass", "warn", "fail", "error", "never run");

    public TestTally {
        byStatus = Map.copyOf(byStatus);
    }

    /** The tally of the test assets in {@link DocsGenerator#siteData}'s {@code assets}. */
    public static TestTally of(List<Map<String, Object>> assets) {
        Map<String, Integer> byStatus = new TreeMap<>();
        assets.stream().filter(a -> "test".equals(a.get("kind")))
                .forEach(a -> byStatus.merge(String.valueOf(a.get("status")), 1, Integer::sum));
        return new TestTally(byStatus);
    }

    public int total() {
        return byStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String inWords() {
        if (total() == 0) {
            return "no data tests";
        }
        List<String> parts = new ArrayList<>();
        ORDER.stream().filter(byStatus::containsKey).forEach(s -> parts.add(byStatus.get(s) + " " + WORDS.get(s)));
        new TreeMap<>(byStatus).forEach((status, count) -> {
            if (!WORDS.containsKey(status)) {
                parts.add(count + " " + status);
            }
        });
        return total() + (total() == 1 ? " data test: " : " data tests: ") + String.join(", ", parts);
    }
}
