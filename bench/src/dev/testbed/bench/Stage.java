package dev.testbed.bench;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import java.nio.file.Path;

/**
 * One engine stage in its own JVM, with the defaults the Maven goals use, so that a process monitor
 * (bench/peak-memory.sh runs it under /usr/bin/time -v) sees that stage's peak memory alone.
 * <pre>
 *   Stage generate DATA_DIR SALES         generate-data, scaled like -Dtestbed.scale=SALES/100000
 *   Stage load DATA_DIR LAKE_DIR          load-ducklake into a DuckLake under LAKE_DIR
 * </pre>
 */
public final class Stage {

    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals("generate")) {
            GeneratorConfig config = GeneratorConfig.scaled(Long.parseLong(args[2]) / (double) GeneratorConfig.SALES_PER_SCALE,
                    GeneratorConfig.DEFAULT_SEED, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, Path.of(args[1]));
            new DataGenerator(DuckDbSettings.defaults(), Reporter.CONSOLE).generate(config, true);
        } else if (args.length == 3 && args[0].equals("load")) {
            Path lake = Path.of(args[2]);
            LakeLocation location = new LakeLocation(lake.resolve("catalog.ducklake").toString(), lake.resolve("data").toString());
            new LakeLoader(DuckDbSettings.defaults(), Reporter.CONSOLE).load(Path.of(args[1]), location, true);
        } else {
            System.err.println("usage: Stage generate DATA_DIR SALES | Stage load DATA_DIR LAKE_DIR");
            System.exit(2);
        }
    }
}
