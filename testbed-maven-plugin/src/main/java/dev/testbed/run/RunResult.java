package dev.testbed.run;

import java.time.Duration;
import java.util.List;

/** Every model's outcome, in the order they finished, and the run's wall time. */
public record RunResult(List<ModelResult> models, Duration elapsed) {

    public long count(ModelStatus status) {
        return models.stream().filter(m -> m.status() == status).count();
    }

    public boolean failed() {
        return count(ModelStatus.ERROR) > 0;
    }
}
