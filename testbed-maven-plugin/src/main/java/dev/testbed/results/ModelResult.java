package dev.testbed.results;

import dev.testbed.project.ParsedModel;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one model.
 *
 * @param relation     where it was built ({@code lake.main.stg_sales}), or the CTE name for an ephemeral model
 * @param rowsAffected rows written, or -1 where that means nothing (views, ephemeral models, errors)
 * @param message      what happened, in one line (the error for a failed model, the cause for a skipped one)
 * @param compiledSql  the SQL that ran (or would have run)
 */
public record ModelResult(ParsedModel model, ModelStatus status, String relation, long rowsAffected, Instant started, Duration elapsed,
                          String message, String compiledSql) {
}
