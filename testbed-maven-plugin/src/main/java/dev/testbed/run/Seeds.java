package dev.testbed.run;

import dev.testbed.project.ParsedModel;
import dev.testbed.project.SeedOptions;
import dev.testbed.seeds.SeedTable;
import java.util.function.Consumer;

/**
 * A seed node's table, as dbt-duckdb builds it from the CSV file and the seed's configs ({@code column_types},
 * {@code quote_columns}, {@code delimiter}).
 */
final class Seeds {

    private Seeds() {
    }

    static SeedOptions options(ParsedModel seed) {
        // already checked when the seed was parsed, so no origin is needed for messages here
        return SeedOptions.of(seed.name(), seed.config().raw(), key -> "its config");
    }

    static SeedTable table(ParsedModel seed, Consumer<String> warnings) {
        SeedOptions options = options(seed);
        return SeedTable.of(seed.file().path(), seed.file().relativePath(), options.delimiter(), options.columnTypes(), options.quoteColumns(), warnings);
    }
}
