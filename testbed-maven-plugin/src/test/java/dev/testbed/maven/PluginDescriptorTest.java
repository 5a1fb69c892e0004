package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What {@code testbed:help} and the plugin's site say, read from the plugin descriptor the build generates from the
 * Mojos (the same file Maven reads): each goal lists only the parameters that change what it does, and a
 * parameter's name and its {@code -D} property agree.
 */
class PluginDescriptorTest {

    /** A goal's user-settable parameters: name to property ({@code null} when it has none). */
    private static final Map<String, Map<String, String>> GOALS = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    @BeforeAll
    static void readDescriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            Element plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
            NodeList mojos = plugin.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                String goal = text(mojo, "goal");
                Map<String, String> properties = new LinkedHashMap<>();
                Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
                NodeList parameters = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
                for (int p = 0; p < parameters.getLength(); p++) {
                    Element parameter = (Element) parameters.item(p);
                    String name = text(parameter, "name");
                    DESCRIPTIONS.put(goal + ":" + name, text(parameter, "description"));
                    if (!"true".equals(text(parameter, "editable"))) {
                        continue; // ${project}, ${session}: never shown, never set by a user
                    }
                    NodeList value = configuration.getElementsByTagName(name);
                    String expression = value.getLength() == 0 ? "" : value.item(0).getTextContent();
                    properties.put(name, expression.startsWith("${") ? expression.substring(2, expression.length() - 1) : null);
                }
                GOALS.put(goal, properties);
            }
        }
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    @Test
    void theReadOnlyGoalsOfferNoSelectionNorWorkerSettings() {
        for (String goal : List.of("docs", "inspect", "report")) {
            Set<String> offered = new TreeSet<>(GOALS.get(goal).keySet());
            offered.retainAll(Set.of("select", "exclude", "threads", "memoryLimit", "tempDirectory", "fullRefresh", "failOnWarn"));
            assertEquals(Set.of(), offered, goal + " lists parameters it ignores");
        }
        assertFalse(GOALS.get("inspect").containsKey("outputDirectory"), "inspect reads no compiled SQL or run results");
    }

    @Test
    void theGoalsThatWorkKeepTheirSettings() {
        for (String goal : List.of("generate-data", "load-ducklake", "run-models", "verify-metrics")) {
            assertTrue(GOALS.get(goal).keySet().containsAll(Set.of("threads", "memoryLimit", "tempDirectory")), goal + ": " + GOALS.get(goal));
        }
        for (String goal : List.of("run-models", "verify-metrics")) {
            assertTrue(GOALS.get(goal).keySet().containsAll(Set.of("select", "exclude", "outputDirectory")), goal + ": " + GOALS.get(goal));
        }
    }

    /**
     * A property {@code testbed.a.b} belongs to a parameter named {@code b}, {@code aB} or {@code testbedAB}: the name is
     * the property's last segments in camel case, so that {@code <dataDirectory>} in a POM is {@code -Dtestbed.dataDirectory}.
     */
    @Test
    void everyParameterIsSetByATestbedPropertyThatMatchesItsName() {
        // the exceptions, each for a reason: Maven's own switch; a map that only a POM can give, and its command-line form
        Map<String, String> exceptions = Map.of("skipTests", "skipTests", "vars", "", "varsYaml", "testbed.vars");
        // a report's output folder follows Maven's reporting convention (mvn site sets it), not ours
        Set<String> mavenReporting = Set.of("outputDirectory");
        List<String> wrong = new ArrayList<>();
        GOALS.forEach((goal, parameters) -> parameters.forEach((name, property) -> {
            if (goal.equals("help") || goal.equals("report") && mavenReporting.contains(name)) {
                return;
            }
            if (exceptions.containsKey(name)) {
                if (!exceptions.get(name).equals(property == null ? "" : property)) {
                    wrong.add(goal + ":" + name + " -> " + property);
                }
            } else if (property == null || !property.startsWith("testbed.") || !matches(name, property)) {
                wrong.add(goal + ":" + name + " -> " + property);
            }
        }));
        assertEquals(List.of(), wrong);
    }

    private static boolean matches(String name, String property) {
        List<String> segments = Arrays.asList(property.split("\\."));
        for (int first = 0; first < segments.size(); first++) {
            StringBuilder camel = new StringBuilder(segments.get(first));
            segments.subList(first + 1, segments.size())
                    .forEach(segment -> camel.append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1)));
            if (camel.toString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theSiteDocsFolderHasAPropertyOfItsOwnName() {
        assertEquals("testbed.docsDirectory", GOALS.get("docs").get("docsDirectory"));
        assertEquals("testbed.outputDirectory", GOALS.get("docs").get("outputDirectory"));
    }

    @Test
    void noDescriptionCarriesAJavadocLinkTheDescriptorCouldNotResolve() {
        DESCRIPTIONS.forEach((parameter, description) -> {
            assertFalse(description.contains("#getOutputName()"), parameter + ": " + description);
            assertFalse(description.contains("could not be resolved"), parameter + ": " + description);
        });
    }
}
