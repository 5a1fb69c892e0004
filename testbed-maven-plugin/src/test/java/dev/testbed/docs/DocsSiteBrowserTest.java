package dev.testbed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.inspect.SampleWarehouse;
import dev.testbed.tests.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs site of the sample project, opened from disk in a real headless Chromium: no console errors, the
 * lineage graph has every asset and the edges the build's own manifest.json records, a click on a node opens
 * its page, search finds a model. Screenshots go to {@code target/docs-screenshots/}.
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

    @Test
    void lineageShowsEveryAssetWithTheManifestsEdgesAndLoadsWithoutErrors() throws Exception {
        browser.navigate(index.toUri() + "#/");
        browser.await("document.querySelectorAll('#graph .node').length > 0", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("lineage.png"));

        Set<String> nodes = strings(browser.eval("[...document.querySelectorAll('#graph .node')].map(n => n.dataset.id)"));
        Set<String> expectedNodes = new TreeSet<>();
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        manifest.path("sources").fieldNames().forEachRemaining(id -> expectedNodes.add(docsId(id)));
        manifest.path("nodes").fieldNames().forEachRemaining(id -> expectedNodes.add(docsId(id)));
        warehouse.tests().results().forEach(t -> expectedNodes.add("test:" + t.test().name()));
        assertEquals(expectedNodes, nodes);
        assertEquals(4 + 7 + warehouse.tests().results().size(), nodes.size());

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
        assertEquals(java.util.List.of(), browser.errors(), "console errors while loading from " + index);
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
        assertEquals(java.util.List.of(), browser.errors());
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
        assertEquals(java.util.List.of(), browser.errors());
    }

    @Test
    void runHistoryListsTheBuildWithEveryModelAndTest() throws Exception {
        browser.navigate(index.toUri() + "#/runs");
        browser.await("document.querySelector('details.run')", WAIT);
        assertEquals("run-1", browser.eval("document.querySelector('details.run').dataset.run").asText());
        long rows = browser.eval("document.querySelectorAll('details.run tbody tr').length").asLong();
        assertEquals(7 + warehouse.tests().results().size(), rows);
        browser.screenshot(SCREENSHOTS.resolve("runs.png"));
        assertEquals(java.util.List.of(), browser.errors());
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
        double nodeHeight = browser.eval("document.querySelector('#graph .node rect').getBoundingClientRect().height").asDouble();
        assertTrue(nodeHeight >= 0.6 * LineageLayout.NODE_HEIGHT, "nodes are drawn at a readable size, not shrunk to fit: " + nodeHeight);
        assertEquals(0, browser.eval("""
                (() => { const r = [...document.querySelectorAll('#graph .node rect')].map(e => e.getBoundingClientRect()); let n = 0;
                  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
                  return n; })()""").asInt(), "no two nodes overlap on screen");
        assertTrue(browser.eval("document.querySelector('.note').textContent.includes('No warehouse')").asBoolean(), "without a lake the site says so");
        assertEquals(java.util.List.of(), browser.errors());
    }

    /** manifest.json's {@code model.testbed.stg_sales} / {@code source.testbed.raw.raw_sales} → the site's ids. */
    private static String docsId(String manifestId) {
        String[] parts = manifestId.split("\\.", 3);
        return parts[0] + ":" + parts[2];
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

}
