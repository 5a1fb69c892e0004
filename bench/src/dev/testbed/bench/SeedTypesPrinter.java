package dev.testbed.bench;

import dev.testbed.seeds.SeedTable;
import java.nio.file.Path;
import java.util.Map;

/** Prints "column type" for every column of a CSV file, as the plugin types a seed; bench/seed-types-compare.sh compares it with dbt. */
public final class SeedTypesPrinter {

    private SeedTypesPrinter() {
    }

    public static void main(String[] args) {
        SeedTable.of(Path.of(args[0]), args[0], ",", Map.of(), true, warning -> { })
                .columns().forEach(column -> System.out.println(column.name() + " " + column.type()));
    }
}
