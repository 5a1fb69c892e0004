package dev.testbed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.inspect.SampleWarehouse;
import dev.testbed.results.TestStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-test line of the site report, in words, for the sample warehouse after a build and before one. */
class TestTallyTest {

    @TempDir
    Path work;

    @Test
    void aBuiltWarehouseSaysHowManyTestsPassedAndOneNeverBuiltThatNoneRan() {
        SampleWarehouse warehouse = SampleWarehouse.build(work);
        int tests = warehouse.tests().results().size();
        assertEquals(tests, warehouse.tests().count(TestStatus.PASS), "the sample's tests pass on generated data");

        assertEquals(tests + " data tests: " + tests + " passed", tally(warehouse.location()).inWords());
        String neverBuilt = tally(new LakeLocation(work.resolve("none/w.ducklake").toString(), work.resolve("none/data").toString())).inWords();
        assertEquals(tests + " data tests: " + tests + " never run", neverBuilt);
        assertFalse(neverBuilt.contains("{") || neverBuilt.contains("="), "words, not a Java map: " + neverBuilt);
    }

    @Test
    void eachStatusIsNamedInReadingOrderAndOneTestIsSingular() {
        assertEquals("5 data tests: 2 passed, 1 warned, 1 failed, 1 could not run",
                new TestTally(Map.of("error", 1, "fail", 1, "pass", 2, "warn", 1)).inWords());
        assertEquals("1 data test: 1 never run", new TestTally(Map.of("never run", 1)).inWords());
        assertEquals("no data tests", TestTally.of(List.of()).inWords());
    }

    @SuppressWarnings("unchecked")
    private TestTally tally(LakeLocation location) {
        Map<String, Object> site = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).siteData(new DocsRequest(SampleWarehouse.SAMPLE_PROJECT,
                location, SampleWarehouse.TARGET, Map.of(), work.resolve("out"), work.resolve("site")));
        return TestTally.of((List<Map<String, Object>>) site.get("assets"));
    }
}
