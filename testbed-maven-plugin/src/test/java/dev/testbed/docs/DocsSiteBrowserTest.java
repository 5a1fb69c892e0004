package dev.testbed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.history.TestHistoryRecorder;
import dev.testbed.inspect.SampleWarehouse;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs site of the sample project, opened from disk in a real headless Chromium: no console errors, the
 * lineage graph starts with the assets and a count of their tests, shows every test and the edges the build's own
 * manifest.json records when asked, fits the window on first view, keeps every text inside its node, a click on a
 * node opens its page, search finds a model. Screenshots go to {@code target/docs-screenshots/}.
 */
class DocsSiteBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "docs-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path work;
    static SampleWarehouse warehouse;
    static Path index;
    static HeadlessChromium browser;

    @BeforeAll
    static void buildSiteAndStartChromium() throws Exception {
        Path chromium = HeadlessChromium.find();
        assertNotNull(chromium, "Chromium is needed for the docs site's browser test and is not on the PATH:"
                + " install Debian's package with 'apt-get install -y chromium' (.ci/run does this).");
        warehouse = SampleWarehouse.build(work);
        index = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).generate(new DocsRequest(SampleWarehouse.SAMPLE_PROJECT,
                warehouse.location(), SampleWarehouse.TARGET, Map.of(), work.resolve("out"), work.resolve("site")));
        browser = new HeadlessChromium(chromium, work.resolve("chromium-profile"));
        browser.navigate(index.toUri().toString());
        browser.await("document.querySelectorAll('#graph .node').length > 0", WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** The JS that lists every text of a node outside its box, a name under the status dot, and a subtitle under the test badge. */
    static final String TEXT_OUTSIDE_NODES = """
            (() => { const bad = [], inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
                && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
              for (const g of document.querySelectorAll('#graph .node')) {
                const box = g.querySelector('rect.box').getBoundingClientRect(), id = g.dataset.id;
                for (const t of g.querySelectorAll('text')) if (!inside(t.getBoundingClientRect(), box)) bad.push(id + ': "' + t.textContent + '" leaves its node');
                const pill = g.querySelector('.tests-badge rect');
                if (pill && !inside(pill.getBoundingClientRect(), box)) bad.push(id + ': the test badge leaves its node');
                if (g.querySelector('.label').getBoundingClientRect().right > g.querySelector('.dot').getBoundingClientRect().left)
                  bad.push(id + ': the name runs under the status dot');
                if (pill && g.querySelector('.sub').getBoundingClientRect().right > pill.getBoundingClientRect().left)
                  bad.push(id + ': the subtitle runs under the test badge');
                if (g.querySelector('.label').textContent.endsWith('\u2026') && !g.querySelector('title').textContent.startsWith(id.replace(/^[a-z]+:/, '')))
                  bad.push(id + ': a shortened name without the full name as tooltip');
              }
              return bad; })()""";

    /** The JS that is true when the whole drawing lies within the graph box and the graph box within the window. */
    static final String WHOLE_GRAPH_IN_VIEW = """
            (() => { const g = document.getElementById('viewport').getBoundingClientRect(), b = document.getElementById('graph').getBoundingClientRect();
              return g.width > 0 && g.left >= b.left && g.right <= b.right && g.top >= b.top && g.bottom <= b.bottom
                && b.top >= 0 && b.bottom <= window.innerHeight && b.right <= window.innerWidth; })()""";

    @Test
    void lineageStartsWithTheAssetsAndTheirTestCountsFittedToTheWindow() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length > 0", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("lineage.png"));

        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        Set<String> assets = new TreeSet<>();
        manifest.path("sources").fieldNames().forEachRemaining(id -> assets.add(docsId(id)));
        manifest.path("nodes").fieldNames().forEachRemaining(id -> assets.add(docsId(id)));
        assets.removeIf(id -> id.startsWith("test:"));
        assertEquals(4 + 8, assets.size());
        assertEquals(assets, strings(browser.eval("[...document.querySelectorAll('#graph .node')].map(n => n.dataset.id)")),
                "tests are hidden at first, every source and model is shown");
        assertFalse(browser.eval("document.getElementById('show-tests').checked").asBoolean());

        Map<String, Integer> expectedCounts = new TreeMap<>();
        for (TestResult result : warehouse.tests().results()) {
            String suite = result.test().suite();
            expectedCounts.merge(suite.startsWith("source:") ? suite : "model:" + suite, 1, Integer::sum);
        }
        JsonNode badges = browser.eval("Object.fromEntries([...document.querySelectorAll('#graph .node')]"
                + ".map(n => [n.dataset.id, n.querySelector('.tests-badge text') ? n.querySelector('.tests-badge text').textContent : '']))");
        Map<String, Integer> shownCounts = new TreeMap<>();
        badges.fields().forEachRemaining(e -> {
            if (!e.getValue().asText().isEmpty()) {
                shownCounts.put(e.getKey(), Integer.parseInt(e.getValue().asText().replaceFirst(" tests?$", "")));
            }
        });
        assertEquals(expectedCounts, shownCounts, "each asset shows how many tests it has (all passed, so nothing more): " + badges);
        assertEquals(0, browser.eval("document.querySelectorAll('.tests-badge.failing, .tests-badge.warning').length").asInt());

        assertTrue(browser.eval(WHOLE_GRAPH_IN_VIEW).asBoolean(), "the first view shows the whole graph");
        assertEquals(List.of(), list(browser.eval(TEXT_OUTSIDE_NODES)));
        assertEquals(List.of(), browser.errors(), "console errors while loading from " + index);
    }

    @Test
    void anAssetWithFailingTestsShowsHowManyFailInItsBadge() throws Exception {
        Path project = work.resolve("failing/project");
        LakeLocation location = new LakeLocation(work.resolve("failing/lake/w.ducklake").toString(), work.resolve("failing/lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.orders AS SELECT * FROM (VALUES (10, 1), (11, 2), (11, 3), (NULL, 4)) t(id, customer_id)");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n");
        TestData.write(project, "models/orders.sql", "select * from {{ source('raw', 'orders') }}\n");
        TestData.write(project, "models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: id
                        data_tests: [unique, not_null]
                      - name: customer_id
                        data_tests: [unique, not_null]
                """);
        Path out = work.resolve("failing/out");
        assertFalse(SampleWarehouse.runModels(project, location, out, "run-1").failed());
        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .run(new TestRequest(project, location, SampleWarehouse.TARGET, Map.of(), null, null, out));
        new TestHistoryRecorder(DuckDbSettings.defaults()).record(location, "run-1", tests);
        long failing = tests.count(TestStatus.FAIL);
        assertTrue(failing > 0, "the duplicate and the null fail tests");
        Path site = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).generate(new DocsRequest(project, location, SampleWarehouse.TARGET,
                Map.of(), out, work.resolve("failing/site")));

        browser.navigate(site.toUri() + "#/");
        browser.await("document.querySelector('#graph .node[data-id=\"model:orders\"]')", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("lineage-failing-tests.png"));
        assertEquals(failing + "/" + tests.results().size() + " failing",
                browser.eval("document.querySelector('#graph .node[data-id=\"model:orders\"] .tests-badge text').textContent").asText());
        assertTrue(browser.eval("document.querySelector('#graph .node[data-id=\"model:orders\"] .tests-badge').classList.contains('failing')").asBoolean());
        assertEquals(List.of(), list(browser.eval(TEXT_OUTSIDE_NODES)));
        assertTrue(browser.eval("document.querySelector('#graph .node[data-id=\"model:orders\"] title').textContent")
                .asText().contains(tests.results().size() + " data tests: " + (tests.results().size() - failing) + " passed, " + failing + " failed"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void legendSwatchesAreFilledColourKeysNotCheckboxes() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length > 0 && document.querySelectorAll('.legend i').length === 4", WAIT);
        JsonNode swatches = browser.eval("""
                [...document.querySelectorAll('.legend i')].map(s => { const c = getComputedStyle(s), r = s.getBoundingClientRect();
                  const kind = [...s.classList].find(k => k.startsWith('kind-')), node = kind && document.querySelector('#graph .node.' + kind + ' rect');
                  return { kind: s.className, width: r.width, height: r.height, radius: parseFloat(c.borderTopLeftRadius),
                           fill: c.backgroundColor, nodeFill: node ? getComputedStyle(node).fill : null }; })""");
        assertEquals(4, swatches.size());
        for (JsonNode swatch : swatches) {
            assertTrue(swatch.path("width").asDouble() > 1.5 * swatch.path("height").asDouble(), "a pill, not a square box: " + swatch);
            assertTrue(swatch.path("radius").asDouble() >= swatch.path("height").asDouble() / 2 - 0.5, "fully rounded ends: " + swatch);
            String fill = swatch.path("fill").asText();
            assertFalse(fill.equals("rgba(0, 0, 0, 0)") || fill.equals("rgb(255, 255, 255)"), "filled with the kind's colour: " + swatch);
            if (!swatch.path("nodeFill").isNull()) {
                assertEquals(swatch.path("nodeFill").asText(), fill, "the same colour as the nodes it names: " + swatch);
            }
        }
    }

    @Test
    void showTestsAddsEveryTestWithTheManifestsEdgesStillFittedAndReadable() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length > 0", WAIT);
        if (!browser.eval("document.getElementById('show-tests').checked").asBoolean()) {
            browser.click("#show-tests");
        }
        browser.await("document.querySelectorAll('#graph .node.kind-test').length > 0", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("lineage-with-tests.png"));

        Set<String> nodes = strings(browser.eval("[...document.querySelectorAll('#graph .node')].map(n => n.dataset.id)"));
        Set<String> expectedNodes = new TreeSet<>();
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        manifest.path("sources").fieldNames().forEachRemaining(id -> expectedNodes.add(docsId(id)));
        manifest.path("nodes").fieldNames().forEachRemaining(id -> expectedNodes.add(docsId(id)));
        warehouse.tests().results().forEach(t -> expectedNodes.add("test:" + t.test().name()));
        assertEquals(expectedNodes, nodes);
        assertEquals(4 + 8 + warehouse.tests().results().size(), nodes.size());
        assertTrue(browser.eval(WHOLE_GRAPH_IN_VIEW).asBoolean(), "with the tests shown the view shows the whole graph too");
        assertEquals(List.of(), list(browser.eval(TEXT_OUTSIDE_NODES)));
        assertTrue(browser.eval("[...document.querySelectorAll('#graph .node .label')].some(l => l.textContent.endsWith('\\u2026'))").asBoolean(),
                "some test names are too long for a node and are shortened");

        Set<String> edges = strings(browser.eval("[...document.querySelectorAll('#graph .edge')].map(e => e.dataset.from + ' -> ' + e.dataset.to)"));
        Set<String> expectedEdges = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("parent_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            entry.getValue().forEach(parent -> expectedEdges.add(docsId(parent.asText()) + " -> " + docsId(entry.getKey())));
        }
        for (TestResult result : warehouse.tests().results()) {
            Set<String> read = new TreeSet<>();
            result.test().models().forEach(m -> read.add("model:" + m));
            read.add(result.test().suite().startsWith("source:") ? result.test().suite() : "model:" + result.test().suite());
            read.forEach(from -> expectedEdges.add(from + " -> test:" + result.test().name()));
        }
        assertEquals(expectedEdges, edges);
        assertTrue(edges.contains("model:stg_sales -> model:customer_metrics"), edges.toString());
        assertTrue(edges.contains("source:raw.raw_sales -> model:stg_sales"), edges.toString());
        assertEquals(List.of(), browser.errors(), "console errors while loading from " + index);
    }

    @Test
    void clickingANodeOpensItsPage() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelector('#graph .node[data-id=\"model:customer_metrics\"]')", WAIT);
        browser.click("#graph .node[data-id=\"model:customer_metrics\"] rect");
        browser.await("document.querySelector('#page').dataset.asset === 'model:customer_metrics'", WAIT);
        assertEquals("#/asset/model%3Acustomer_metrics", browser.eval("location.hash").asText());
        assertEquals("customer_metrics", browser.eval("document.querySelector('#page h1').textContent").asText());
        assertTrue(strings(browser.eval("[...document.querySelectorAll('.upstream a')].map(a => a.dataset.id)")).contains("model:stg_sales"));
        String compiled = browser.eval("document.querySelector('.compiled-sql').textContent").asText();
        assertTrue(compiled.contains("lake.main.stg_sales") && !compiled.contains("{{"), compiled);
        assertTrue(browser.eval("[...document.querySelectorAll('table')].some(t => t.textContent.includes('The customer\\'s current loyalty tier.'))").asBoolean(),
                "column descriptions are shown");
        assertTrue(browser.eval("document.body.textContent.includes('run-1')").asBoolean(), "the materialization history lists the run");
        browser.screenshot(SCREENSHOTS.resolve("asset-customer_metrics.png"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void searchFindsAModelAndEnterOpensIt() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length > 0", WAIT);
        browser.eval("document.getElementById('search').focus()");
        browser.type("store_met");
        browser.await("document.querySelector('#search-results a')", WAIT);
        assertEquals("model:store_metrics", browser.eval("document.querySelector('#search-results a').dataset.id").asText());
        assertTrue(browser.eval("document.querySelector('#graph .node[data-id=\"model:store_metrics\"]').classList.contains('hit')").asBoolean());
        browser.pressEnter();
        browser.await("document.querySelector('#page').dataset.asset === 'model:store_metrics'", WAIT);
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void runHistoryListsTheBuildWithEveryModelAndTest() throws Exception {
        browser.navigate(index.toUri() + "#/runs");
        browser.await("document.querySelector('details.run')", WAIT);
        assertEquals("run-1", browser.eval("document.querySelector('details.run').dataset.run").asText());
        long rows = browser.eval("document.querySelectorAll('details.run tbody tr').length").asLong();
        assertEquals(8 + warehouse.tests().results().size(), rows);
        browser.screenshot(SCREENSHOTS.resolve("runs.png"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void aHundredModelProjectStaysReadable() throws Exception {
        GeneratedProject project = GeneratedProject.write(work.resolve("hundred"), 100);
        Path hundred = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).generate(new DocsRequest(project.root(),
                new dev.testbed.core.LakeLocation(work.resolve("hundred/none.ducklake").toString(), work.resolve("hundred/none").toString()),
                SampleWarehouse.TARGET, Map.of(), work.resolve("hundred/out"), work.resolve("hundred/site")));
        browser.navigate(hundred.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length === 104", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("lineage-100-models.png"));
        assertEquals(project.edges().size(), browser.eval("document.querySelectorAll('#graph .edge').length").asInt());
        assertTrue(browser.eval(WHOLE_GRAPH_IN_VIEW).asBoolean(), "the first view shows all 100 models; the wheel zooms in from there");
        assertEquals(List.of(), list(browser.eval(TEXT_OUTSIDE_NODES)));
        assertEquals(0, browser.eval("""
                (() => { const r = [...document.querySelectorAll('#graph .node rect.box')].map(e => e.getBoundingClientRect()); let n = 0;
                  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
                  return n; })()""").asInt(), "no two nodes overlap on screen");
        assertTrue(browser.eval("document.querySelector('.note').textContent.includes('No warehouse')").asBoolean(), "without a lake the site says so");
        assertEquals(List.of(), browser.errors());
    }

    /**
     * A second build on the sample lake that doubles the products, and a test's recorded measurement (the run history's
     * {@code metric_value}, which drift tests fill) that rises by 10%: product_metrics' page shows what the build changed
     * and charts its row count with the second point higher and marked as a jump; store_metrics' page charts the measurement
     * the same way; the run history shows the build's changes.
     */
    @Test
    void assetPagesChartRowsAndMeasurementsOverBuildsAndShowTheLastDiff() throws Exception {
        Path lakeWork = work.resolve("history");
        SampleWarehouse built = SampleWarehouse.build(lakeWork);
        LakeLocation lake = built.location();
        long products = Long.parseLong(TestData.rows(lake, "SELECT count(*) FROM lake.raw.raw_products").get(0).get(0));
        String storeTest = built.tests().results().stream().map(TestResult::test).filter(t -> "store_metrics".equals(t.suite()))
                .findFirst().orElseThrow().name();
        // a measurement in the history's metric_value (which drift tests fill) of one test in each build, the second 10% higher
        TestData.sql(lake, measurement("run-1", storeTest, 200.0));
        TestData.sql(lake, "INSERT INTO lake.raw.raw_products SELECT product_id + 1000000, product_name, category, base_price FROM lake.raw.raw_products");
        SampleWarehouse.runModels(lakeWork, lake, "run-2");
        TestData.sql(lake, measurement("run-2", storeTest, 220.0));
        Path site = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).generate(new DocsRequest(SampleWarehouse.SAMPLE_PROJECT, lake,
                SampleWarehouse.TARGET, Map.of(), lakeWork.resolve("out"), lakeWork.resolve("site")));

        browser.navigate(site.toUri() + "#/asset/model%3Aproduct_metrics");
        browser.await("document.querySelector('.chart[data-chart=\"rows\"] circle.point')", WAIT);
        JsonNode points = browser.eval("[...document.querySelectorAll('.chart[data-chart=\"rows\"] circle.point')]"
                + ".map(c => ({value: Number(c.dataset.value), cy: Number(c.getAttribute('cy')), jump: c.classList.contains('jump')}))");
        assertEquals(2, points.size(), points.toString());
        assertEquals(products, points.get(0).get("value").asLong());
        assertEquals(2 * products, points.get(1).get("value").asLong());
        assertTrue(points.get(1).get("cy").asDouble() < points.get(0).get("cy").asDouble() - 50, "the doubled count is drawn well above: " + points);
        assertTrue(points.get(1).get("jump").asBoolean() && !points.get(0).get("jump").asBoolean(), points.toString());
        assertEquals("changed", browser.eval("document.querySelector('.diff').dataset.state").asText());
        assertTrue(browser.eval("document.querySelector('.diff').textContent.includes('added')").asBoolean());
        browser.screenshot(SCREENSHOTS.resolve("asset-product_metrics-history.png"));

        browser.navigate(site.toUri() + "#/asset/model%3Astore_metrics");
        String measured = ".chart[data-chart=\"measure:" + storeTest + "\"] circle.point";
        browser.await("document.querySelector('" + measured + "')", WAIT);
        JsonNode measures = browser.eval("[...document.querySelectorAll('" + measured + "')].map(c => [Number(c.dataset.value), Number(c.getAttribute('cy'))])");
        assertEquals(200.0, measures.get(0).get(0).asDouble());
        assertEquals(220.0, measures.get(1).get(0).asDouble());
        assertTrue(measures.get(1).get(1).asDouble() < measures.get(0).get(1).asDouble(), measures.toString());
        assertTrue(browser.eval("document.querySelector('" + measured + ":last-of-type').classList.contains('jump')").asBoolean());
        assertEquals("unchanged", browser.eval("document.querySelector('.diff').dataset.state").asText(), "store_metrics does not read products");

        browser.navigate(site.toUri() + "#/runs");
        browser.await("document.querySelector('details.run[data-run=\"run-2\"] .run-diff')", WAIT);
        Set<String> changed = strings(browser.eval("[...document.querySelectorAll('details.run[data-run=\"run-2\"] .run-diff + table tbody tr a')]"
                + ".map(a => a.dataset.id)"));
        assertEquals(Set.of("model:stg_products", "model:product_metrics"), changed);
        assertEquals(List.of(), browser.errors());
    }

    private static String measurement(String runId, String test, double value) {
        return "INSERT INTO lake.testbed.test_runs (run_id, test, status, finished_at, duration_ms, metric_value) VALUES ('" + runId + "', '" + test
                + "', 'pass', now(), 1, " + value + ")";
    }

    /** manifest.json's {@code model.testbed.stg_sales} / {@code source.testbed.raw.raw_sales} → the site's ids. */
    /** The docs site's id of a manifest node: its type and name, without the hash dbt ends a generic test's unique_id with. */
    private static String docsId(String manifestId) {
        String[] parts = manifestId.split("\\.", 3);
        String name = parts[0].equals("test") ? parts[2].replaceFirst("\\.[0-9a-f]{10}$", "") : parts[2];
        // the site draws a snapshot as a model (its materialization says snapshot)
        return (parts[0].equals("snapshot") ? "model" : parts[0]) + ":" + name;
    }

    private static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

}
