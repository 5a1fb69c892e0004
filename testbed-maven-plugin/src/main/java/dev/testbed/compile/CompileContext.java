package dev.testbed.compile;

import dev.testbed.core.Reporter;
import dev.testbed.project.SourceKey;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the final render of a model substitutes for its references.
 *
 * @param refRelation    model name to the SQL text {@code ref()} renders (a relation such as {@code lake.main.stg_sales},
 *                       or a CTE name for ephemeral models); null for a name that is not a model makes compilation fail
 * @param sourceRelation source table to the SQL text {@code source()} renders; null fails the same way
 * @param incremental    what {@code is_incremental()} returns
 * @param thisRelation   what {@code this} renders, e.g. {@code lake.main.daily_sales}; null leaves {@code this} undefined
 * @param database       what {@code run_query}, {@code statement} and the adapter's introspection query; null where
 *                       there is none (they then fail naming the render)
 * @param reporter       where {@code log(..., info=True)}, {@code print} and {@code exceptions.warn} write; null drops them
 */
public record CompileContext(Function<String, String> refRelation, Function<SourceKey, String> sourceRelation, boolean incremental,
                             String thisRelation, CompileDatabase database, Reporter reporter) {

    public CompileContext {
        Objects.requireNonNull(refRelation, "refRelation");
        Objects.requireNonNull(sourceRelation, "sourceRelation");
    }

    /** A context without a database: templates that query one fail. */
    public CompileContext(Function<String, String> refRelation, Function<SourceKey, String> sourceRelation, boolean incremental,
                          String thisRelation) {
        this(refRelation, sourceRelation, incremental, thisRelation, null, null);
    }

    /** The same context, whose templates query {@code database} and write their messages to {@code reporter}. */
    public CompileContext introspecting(CompileDatabase database, Reporter reporter) {
        return new CompileContext(refRelation, sourceRelation, incremental, thisRelation, database, reporter);
    }
}
