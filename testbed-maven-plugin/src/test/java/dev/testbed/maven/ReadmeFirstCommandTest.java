package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's first command is what a newcomer runs: it must build and test the sample warehouse (its data tests
 * included) while skipping only the plugin's own unit tests and ITs; the second is what CI runs. Read from the
 * README, the POMs and .ci/run as they are in the repository.
 */
class ReadmeFirstCommandTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The commands of the README's "The two commands" block, comments dropped. */
    private static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("## The two commands");
        int start = readme.indexOf("```bash", section) + "```bash".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        return block.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theFirstCommandRunsTheLifecycleThroughVerifyWithoutSkippingTheDataTests() throws Exception {
        List<String> words = List.of(readmeCommands().get(0).split("\\s+"));

        assertEquals("./mvnw", words.get(0));
        assertTrue(words.contains("verify") || words.contains("install"), "verify-metrics is bound to verify: " + words);
        for (String skip : List.of("-DskipTests", "-Dmaven.test.skip", "-Dtestbed.tests.skip", "-Dinvoker.skip")) {
            assertFalse(words.stream().anyMatch(word -> word.startsWith(skip)), skip + " in " + words);
        }
        assertTrue(words.contains("-Psample"), words.toString());
    }

    @Test
    void theSampleProfileSkipsThePluginsOwnTestsAndOnlyThose() throws Exception {
        Map<String, String> plugin = profileProperties(ROOT.resolve("testbed-maven-plugin/pom.xml"), "sample");
        assertEquals("true", plugin.get("maven.test.skip"), "the plugin's unit tests: " + plugin);
        assertEquals("true", plugin.get("invoker.skip"), "the plugin's ITs and their servers: " + plugin);
        // declared anywhere the sample project inherits from, it would skip the data tests or the models too
        assertEquals(Map.of(), profileProperties(ROOT.resolve("pom.xml"), "sample"));
        assertEquals(Map.of(), profileProperties(ROOT.resolve("testbed-project/pom.xml"), "sample"));
    }

    @Test
    void theSampleProjectBindsItsDataTests() throws Exception {
        Element project = parse(ROOT.resolve("testbed-project/pom.xml"));
        List<String> goals = new ArrayList<>();
        NodeList nodes = project.getElementsByTagName("goal");
        for (int i = 0; i < nodes.getLength(); i++) {
            goals.add(nodes.item(i).getTextContent().strip());
        }
        assertTrue(goals.containsAll(List.of("generate-data", "load-ducklake", "run-models", "verify-metrics")), goals.toString());
    }

    @Test
    void ciRunsTheSecondCommand() throws Exception {
        String second = readmeCommands().get(1);
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(second, ci.get(ci.size() - 1));
    }

    private static Map<String, String> profileProperties(Path pom, String id) throws Exception {
        Map<String, String> properties = new HashMap<>();
        NodeList profiles = parse(pom).getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (!id.equals(profile.getElementsByTagName("id").item(0).getTextContent().strip())) {
                continue;
            }
            NodeList declared = profile.getElementsByTagName("properties");
            for (Node p = declared.getLength() == 0 ? null : declared.item(0).getFirstChild(); p != null; p = p.getNextSibling()) {
                if (p instanceof Element property) {
                    properties.put(property.getTagName(), property.getTextContent().strip());
                }
            }
        }
        return properties;
    }

    private static Element parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }
}
