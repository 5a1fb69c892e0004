package dev.testbed.results;

/** What happened to one model in a run (dbt's run_results statuses). */
public enum ModelStatus {
    SUCCESS, ERROR, SKIPPED;

    /** The word dbt writes into run_results.json. */
    public String dbtName() {
        return switch (this) {
            case SUCCESS -> "success";
            case ERROR -> "error";
            case SKIPPED -> "skipped";
        };
    }
}
