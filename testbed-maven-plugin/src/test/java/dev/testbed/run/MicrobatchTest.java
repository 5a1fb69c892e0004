package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.engine.Publish;
import dev.testbed.project.Microbatch;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code incremental_strategy: microbatch} on a real DuckLake, as dbt-core 1.11.4 + dbt-duckdb 1.11.1 build it: batches
 * planned from {@code begin} or the lookback up to {@code -Dtestbed.eventTimeEnd}, inputs that declare an event_time
 * filtered to each batch, each batch deleted and inserted in a transaction of its own, a failed batch reported with how
 * to build it again.
 */
class MicrobatchTest {

    /** Four events a day from 2024-01-01 to 2024-01-05, at 00:00, 06:00, 12:00 and 18:00. */
    private static final String EVENTS = "CREATE TABLE lake.raw.events AS SELECT range AS event_id, TIMESTAMP '2024-01-01' + range * INTERVAL 6 HOUR AS event_at, "
            + "CAST(range AS DECIMAL(10, 2)) AS amount FROM range(0, 20)";
    private static final String BATCH_SNAPSHOTS = "SELECT commit_message FROM ducklake_snapshots('lake') WHERE commit_message LIKE 'run-models: daily_events (microbatch%' "
            + "ORDER BY snapshot_id";

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLake() throws Exception {
        lake = new SalesLake(work, "");
        TestData.sql(lake.location, EVENTS);
        TestData.write(lake.project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: sales
                      - name: events
                        config:
                          event_time: event_at
                """);
        model("amount");
    }

    @Test
    void theFirstRunBuildsOneBatchADayFromBeginToTheEndEachCommittedOnItsOwn() throws Exception {
        RunResult result = run(null, "2024-01-04");

        assertFalse(result.failed(), result.failureSummary());
        assertEquals(List.of(List.of("run-models: daily_events (microbatch 2024-01-01)"), List.of("run-models: daily_events (microbatch 2024-01-02)"),
                List.of("run-models: daily_events (microbatch 2024-01-03)")), lake.rows(BATCH_SNAPSHOTS));
        assertEquals(List.of(List.of("12", "0", "11")), lake.rows("SELECT count(*), min(event_id), max(event_id) FROM lake.main.daily_events"),
                "the events of January 1 to 3, none of the 4th: the source is filtered to each batch");
        String compiled = Files.readString(work.resolve("out/compiled/project/models/daily_events.sql"));
        assertTrue(compiled.contains("(select * from lake.raw.events where event_at >= '2024-01-03 00:00:00+00:00' and event_at < '2024-01-04 00:00:00+00:00')"),
                compiled);
    }

    /** dbt rebuilds the lookback batch before the current one: a late event of the 3rd arrives, a change to the 1st does not. */
    @Test
    void anIncrementalRunRebuildsTheLookbackAndTheCurrentBatchOnly() throws Exception {
        assertFalse(run(null, "2024-01-04").failed());
        TestData.sql(lake.location, "INSERT INTO lake.raw.events VALUES (100, TIMESTAMP '2024-01-03 23:00:00', 100)",
                "UPDATE lake.raw.events SET amount = 999 WHERE event_id = 1");

        RunResult second = run(null, "2024-01-05");

        assertFalse(second.failed(), second.failureSummary());
        assertEquals(List.of(List.of("run-models: daily_events (microbatch 2024-01-03)"), List.of("run-models: daily_events (microbatch 2024-01-04)")),
                lake.rows(BATCH_SNAPSHOTS + " OFFSET 3"));
        assertEquals(List.of(List.of("17", "1", "0")), lake.rows("SELECT count(*), count(*) FILTER (WHERE event_id = 100), count(*) FILTER (WHERE amount = 999) "
                + "FROM lake.main.daily_events"), "the 16 events of the 1st to 4th and the late one; the 1st is not rebuilt");
        assertEquals(List.of(List.of("0")), lake.rows("SELECT count(*) - count(DISTINCT event_id) FROM lake.main.daily_events"), "no event twice");
    }

    @Test
    void eventTimeStartRebuildsExactlyItsBatchesAndAFullRefreshStartsAgainFromBegin() throws Exception {
        assertFalse(run(null, "2024-01-04").failed());
        TestData.sql(lake.location, "UPDATE lake.raw.events SET amount = 999 WHERE event_id IN (1, 5)");

        assertFalse(run("2024-01-02", "2024-01-03").failed());
        assertEquals(List.of(List.of("5")), lake.rows("SELECT string_agg(event_id::varchar) FROM lake.main.daily_events WHERE amount = 999"),
                "only the 2nd was rebuilt");

        RunResult refreshed = new RunModelsTask(DuckDbSettings.defaults(), events::add).run(new RunRequest(lake.project, lake.location,
                new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, true, work.resolve("out"), null, LocalDateTime.parse("2024-01-02T00:00")));
        assertFalse(refreshed.failed(), refreshed.failureSummary());
        assertEquals(List.of(List.of("4", "1")), lake.rows("SELECT count(*), count(*) FILTER (WHERE amount = 999) FROM lake.main.daily_events"));
    }

    /** After a failed batch dbt goes on with the next ones; the model fails naming the batch and how to build it again. */
    @Test
    void aFailedBatchLeavesTheOthersBuiltAndSaysHowToBuildItAgain() throws Exception {
        model("case when event_at::date = DATE '2024-01-02' then error('no data for this day') else amount end");

        RunResult failed = run(null, "2024-01-04");

        assertTrue(failed.failed());
        String message = failed.failureSummary();
        assertTrue(message.contains("1 of 3 batches failed: 2024-01-02: ") && message.contains("no data for this day")
                && message.contains("the others are committed"), message);
        assertTrue(message.contains("-Dtestbed.select=daily_events -Dtestbed.eventTimeStart=2024-01-02T00:00 -Dtestbed.eventTimeEnd=2024-01-03T00:00"), message);
        assertEquals(List.of(List.of("8", "0")), lake.rows("SELECT count(*), count(*) FILTER (WHERE event_at::date = DATE '2024-01-02') FROM lake.main.daily_events"));

        model("amount");
        assertFalse(run("2024-01-02T00:00", "2024-01-03T00:00").failed());
        assertEquals(List.of(List.of("12")), lake.rows("SELECT count(*) FROM lake.main.daily_events"));
    }

    /** In atomic publishing the batches join the build's one transaction: the lake gets one snapshot, or none when a batch fails. */
    @Test
    void atomicPublishingCommitsAllBatchesAsOneSnapshot() throws Exception {
        long before = Long.parseLong(lake.rows("SELECT count(*) FROM ducklake_snapshots('lake')").get(0).get(0));
        RunResult result = new RunModelsTask(DuckDbSettings.defaults(), events::add).run(request(null, "2024-01-04"), BuildOptions.ATOMIC).result();
        assertFalse(result.failed(), result.failureSummary());
        assertEquals(List.of(List.of(String.valueOf(before + 1), "12")), lake.rows("SELECT (SELECT count(*) FROM ducklake_snapshots('lake')), "
                + "(SELECT count(*) FROM lake.main.daily_events)"));
    }

    @Test
    void aFailedBatchInAnAtomicBuildStopsTheBatchesAndPublishesNothing() throws Exception {
        model("case when event_at::date = DATE '2024-01-02' then error('no data for this day') else amount end");
        long before = Long.parseLong(lake.rows("SELECT count(*) FROM ducklake_snapshots('lake')").get(0).get(0));

        RunResult result = new RunModelsTask(DuckDbSettings.defaults(), events::add).run(request(null, "2024-01-04"), BuildOptions.ATOMIC).result();

        assertTrue(result.failed());
        String message = result.failureSummary();
        assertTrue(message.contains("1 of 3 batches failed: 2024-01-02: ") && message.contains("the 1 later ones were not run. Nothing of this build is "
                + "published (-Dtestbed.publish=atomic)"), message);
        assertEquals(List.of(List.of(String.valueOf(before), "false")), lake.rows("SELECT (SELECT count(*) FROM ducklake_snapshots('lake')), "
                + "(SELECT count(*) > 0 FROM information_schema.tables WHERE table_name = 'daily_events')"));
    }

    /** Its batches move with time: with the lake's build decisions, which keep unchanged models, it is still built at every run. */
    @Test
    void aMicrobatchModelIsNeverKeptAsUpToDate() throws Exception {
        BuildOptions upToDate = new BuildOptions(Publish.EACH, LakeBuildDecisions::read, false, false);
        RunModelsTask task = new RunModelsTask(DuckDbSettings.defaults(), events::add);
        assertFalse(task.run(request(null, "2024-01-04"), upToDate).result().failed());

        RunResult later = task.run(request(null, "2024-01-05"), upToDate).result();

        assertEquals(ModelStatus.SUCCESS, later.models().get(0).status(), later.models().get(0).message());
        assertEquals(List.of(List.of("16")), lake.rows("SELECT count(*) FROM lake.main.daily_events"), "the 4th is built, though no input changed");
    }

    @Test
    void missingConfigsFailWithDbtsParseErrors() throws Exception {
        TestData.write(lake.project, "models/daily_events.sql", "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', "
                + "batch_size='day') }}\nselect 1 as x\n");
        TestbedException noBegin = assertThrows(TestbedException.class, () -> run(null, "2024-01-04"));
        assertTrue(noBegin.getMessage().contains("Microbatch model 'daily_events' must provide a 'begin' (datetime) config that indicates the earliest "
                + "timestamp the microbatch model should be built from."), noBegin.getMessage());

        TestData.write(lake.project, "models/daily_events.sql", "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', "
                + "begin='2024-01-01', batch_size='week') }}\nselect 1 as x\n");
        TestbedException week = assertThrows(TestbedException.class, () -> run(null, "2024-01-04"));
        assertTrue(week.getMessage().contains("must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: week."), week.getMessage());

        TestData.write(lake.project, "models/daily_events.sql", "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', "
                + "begin='2024-01-01', batch_size='day', concurrent_batches='yes') }}\nselect 1 as x\n");
        TestbedException concurrent = assertThrows(TestbedException.class, () -> run(null, "2024-01-04"));
        assertTrue(concurrent.getMessage().contains("optional 'concurrent_batches' config must be of type `bool` if specified"), concurrent.getMessage());
    }

    @Test
    void batchesArePlannedAsDbtPlansThem() {
        Microbatch hourly = new Microbatch("t", LocalDateTime.parse("2024-09-17T14:30"), Microbatch.BatchSize.HOUR, 1);
        List<Batch> first = Batch.plan(hourly, false, null, LocalDateTime.parse("2024-09-17T16:06"), null);
        assertEquals(List.of("2024-09-17T14", "2024-09-17T15", "2024-09-17T16"), first.stream().map(Batch::id).toList());
        assertEquals(LocalDateTime.parse("2024-09-17T17:00"), first.get(2).end(), "the end rounded up to the hour");

        Microbatch monthly = new Microbatch("t", LocalDateTime.parse("2024-01-15T00:00"), Microbatch.BatchSize.MONTH, 2);
        List<Batch> incremental = Batch.plan(monthly, true, null, LocalDateTime.parse("2024-09-17T16:06"), null);
        assertEquals(List.of("2024-07", "2024-08", "2024-09"), incremental.stream().map(Batch::id).toList(), "lookback 2, plus the batch the end closes");
        assertEquals("t >= '2024-07-01 00:00:00+00:00' and t < '2024-08-01 00:00:00+00:00'", incremental.get(0).predicate("t"));
    }

    private void model(String amount) throws Exception {
        TestData.write(lake.project, "models/daily_events.sql", "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', "
                + "begin='2024-01-01', batch_size='day') }}\n"
                + "select event_id, event_at, " + amount + " as amount from {{ source('raw', 'events') }}\n");
    }

    private RunResult run(String start, String end) {
        return new RunModelsTask(DuckDbSettings.defaults(), events::add).run(request(start, end));
    }

    private RunRequest request(String start, String end) {
        return new RunRequest(lake.project, lake.location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out"),
                start == null ? null : Microbatch.parseTime(start), end == null ? null : Microbatch.parseTime(end));
    }
}
