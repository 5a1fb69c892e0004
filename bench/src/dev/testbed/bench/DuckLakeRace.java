package dev.testbed.bench;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One process of bench/ducklake-race.sh: {@code workers} threads that, until the time is up, each rebuild
 * a table, a view on it and a table from the view in one lake transaction, commits serialized within the
 * process as run-models does. Mode {@code shared}: every worker is a connection to the lake's own DuckDB (how
 * run-models worked before); mode {@code own}: workers get {@link Lake#openWorkerConnections} (how it works now).
 * DuckLake 1.5.5's duckdb/ducklake#1248 crashes the JVM in the first mode when other processes commit too.
 * Prints one line: mode, commits, lost commits, other errors.
 */
public final class DuckLakeRace {

    private DuckLakeRace() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 || !Set.of("shared", "own").contains(args[0])) {
            System.err.println("usage: DuckLakeRace shared|own CATALOG DATA_PATH WORKERS SECONDS TAG");
            System.exit(2);
        }
        boolean own = args[0].equals("own");
        LakeLocation location = new LakeLocation(args[1], args[2]);
        int workers = Integer.parseInt(args[3]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
        String tag = args[5];
        AtomicLong commits = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults().withThreads(workers))) {
            lake.writer().ensureSchemas(List.of("race"));
            List<Connection> connections = new ArrayList<>();
            if (own) {
                connections.addAll(lake.openWorkerConnections(workers));
            } else {
                for (int i = 0; i < workers; i++) {
                    connections.add(Lake.freshConnection(lake.connection()));
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Connection worker = connections.get(i);
                String name = tag + i;
                running.add(pool.submit(() -> {
                    while (System.currentTimeMillis() < deadline) {
                        try (Connection attempt = Lake.freshConnection(worker)) {
                            lake.writer().once(attempt, "race " + name, c -> {
                                DuckDb.execute(c, "CREATE OR REPLACE TABLE lake.race.t_" + name
                                        + " AS SELECT range AS product_id, 'x' || range AS name FROM range(1000)");
                                DuckDb.execute(c, "CREATE OR REPLACE VIEW lake.race.v_" + name + " AS SELECT * FROM lake.race.t_" + name);
                                DuckDb.execute(c, "CREATE OR REPLACE TABLE lake.race.m_" + name + " AS SELECT count(*) AS n FROM lake.race.v_" + name);
                                return null;
                            });
                            commits.incrementAndGet();
                        } catch (SQLException e) {
                            if (LakeWriter.isCommitConflict(e) && !SqlErrors.message(e).contains("schema not found")) {
                                lost.incrementAndGet();
                            } else if (errors.incrementAndGet() <= 5) {
                                System.err.println(name + ": " + SqlErrors.message(e).lines().findFirst().orElse(""));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            pool.shutdown();
            for (Connection connection : connections) {
                connection.close();
            }
        }
        System.out.printf("%s %s: commits=%d lost=%d errors=%d%n", args[0], tag, commits.get(), lost.get(), errors.get());
    }
}
