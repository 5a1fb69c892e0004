package dev.testbed.results;

/** What happened to one model in a run (dbt's run_results statuses). */
public enum ModelStatus {
    SUCCESS, ERROR, SKIPPED,
    /** Not built: the lake already holds it as this build would make it (the build decisions said so). */
    UP_TO_DATE;

    /** The word dbt writes into run_results.json. */
    public String dbtName() {
        return switch (this) {
            case SUCCESS, UP_TO_DATE -> "success"; // dbt has no word for a node kept as it is
            case ERROR -> "error";
            case SKIPPED -> "skipped";
        };
    }
}
