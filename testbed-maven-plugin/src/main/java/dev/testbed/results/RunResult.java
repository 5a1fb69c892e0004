package dev.testbed.results;

import dev.testbed.core.Shortlist;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Every model's outcome, in the order they finished, and the run's wall time. */
public record RunResult(List<ModelResult> models, Duration elapsed) {

    public long count(ModelStatus status) {
        return models.stream().filter(m -> m.status() == status).count();
    }

    /**
     * The failed models, by name: the first few messages (model, file, database error, compiled SQL), one under the
     * other, and how many more.
     */
    public String failureSummary() {
        List<String> failed = models.stream().filter(m -> m.status() == ModelStatus.ERROR)
                .sorted(Comparator.comparing(m -> m.model().name())) // workers finish in any order; the message should not
                .map(ModelResult::message)
                .toList();
        return Shortlist.join(failed, System.lineSeparator() + "  ");
    }

    public boolean failed() {
        return count(ModelStatus.ERROR) > 0;
    }
}
