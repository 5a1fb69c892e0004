package dev.testbed.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeStamp;
import dev.testbed.core.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof's rules on plain files: the environment variables the project read, and how a later write of the same build
 * (run history, an atomic publish) moves a proof along while anyone else's write leaves it behind. The catalog here is a
 * file the test writes itself: the stamp is all the proof looks at.
 */
class GoalProofTest {

    @TempDir
    Path work;
    Path out;
    Path catalog;
    LakeLocation location;
    final List<String> lines = new ArrayList<>();
    final Reporter reporter = event -> lines.add(event.message());

    @BeforeEach
    void aProjectAndACatalogFile() throws Exception {
        out = work.resolve("project/target/testbed");
        catalog = work.resolve("project/target/lake/w.ducklake");
        location = new LakeLocation(catalog.toString(), work.resolve("project/target/lake/data").toString());
        TestData.write(work.resolve("project"), "models/a.sql", "select '{{ env_var(\"REGION\") }}' as region");
        TestData.write(work.resolve("project"), "target/lake/w.ducklake", "catalog, version 1");
        Files.createDirectories(out);
        Files.writeString(out.resolve("run_results.json"), "{}");
    }

    private GoalProof proof(String goal, String runId, Map<String, String> environment) {
        ProofInputs inputs = new ProofInputs(work.resolve("project"), List.of(work.resolve("project/target")), Optional.empty(),
                new TreeMap<>(Map.of("select", "")), "plugin 1", environment);
        return GoalProof.of(goal, out, location, inputs, runId, reporter);
    }

    private void record(GoalProof proof) {
        proof.record(Set.of("REGION"), List.of(new ProvenNode("view", "a", "SUCCESS")), List.of(out.resolve("run_results.json")));
    }

    @Test
    void aChangedValueOfAnEnvironmentVariableTheProjectReadBreaksTheProofAndOthersDoNot() {
        record(proof("run-models", "run-1", Map.of("REGION", "eu", "PWD", "/a")));

        assertTrue(proof("run-models", "run-2", Map.of("REGION", "eu", "PWD", "/b")).holds(), "a variable the project never read: " + lines);
        assertFalse(proof("run-models", "run-3", Map.of("REGION", "us")).holds());
        assertTrue(lines.get(lines.size() - 1).contains("environment variable REGION changed"), lines.toString());
        assertFalse(proof("run-models", "run-4", Map.of()).holds(), "unset now");
    }

    @Test
    void aWriteOfTheSameBuildMovesItsProofsAlongAndOnlyFromTheStampItSawBefore() throws Exception {
        record(proof("run-models", "run-1", Map.of()));
        LakeStamp before = LakeStamp.of(location).orElseThrow();
        Files.writeString(catalog, "catalog, version 2 with run history");

        GoalProof.restamp(out, location, "run-other", before, reporter);
        assertFalse(proof("run-models", "run-2", Map.of()).holds(), "another build's write does not move it");

        GoalProof.restamp(out, location, "run-1", before, reporter);
        assertTrue(proof("run-models", "run-2", Map.of()).holds(), "its own build's write does: " + lines);

        LakeStamp stale = before;
        Files.writeString(catalog, "catalog, version 3 by another process");
        GoalProof.restamp(out, location, "run-1", stale, reporter);
        assertFalse(proof("run-models", "run-3", Map.of()).holds(), "a write by anyone else in between leaves it behind");
    }

    @Test
    void aProofAwaitingTheBuildsCommitHoldsOnlyOnceTheCommitRestampsIt() throws Exception {
        LakeStamp before = LakeStamp.of(location).orElseThrow();
        proof("run-models", "run-1", Map.of()).recordAwaitingCommit(Set.of(), List.of(new ProvenNode("view", "a", "SUCCESS")), List.of(), before);
        assertFalse(proof("run-models", "run-2", Map.of()).holds(), "a rolled-back publish leaves the lake as it was, and no proof");
        assertTrue(lines.get(lines.size() - 1).contains("did not publish"), lines.toString());

        Files.writeString(catalog, "catalog, version 2: the build's one snapshot");
        GoalProof.restamp(out, location, "run-1", before, reporter);

        assertTrue(proof("run-models", "run-2", Map.of()).holds(), lines.toString());
        assertEquals(1, lines.stream().filter(line -> line.contains("a ") && line.contains("SUCCESS (up to date")).count(), lines.toString());
    }

    /**
     * In an atomic publish the models wait in an open transaction: the catalog's stamp does not show them, so a later goal
     * of the same build (verify-metrics, which commits) must not take its old proof for the truth.
     */
    @Test
    void noProofHoldsInABuildWhoseEarlierGoalAwaitsItsCommit() throws Exception {
        record(proof("verify-metrics", "run-1", Map.of()));
        assertTrue(proof("verify-metrics", "run-2", Map.of()).holds());

        proof("run-models", "run-3", Map.of()).recordAwaitingCommit(Set.of(), List.of(), List.of(), LakeStamp.of(location).orElseThrow());

        assertFalse(proof("verify-metrics", "run-3", Map.of()).holds(), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("not committed yet"), lines.toString());
        assertTrue(proof("verify-metrics", "run-4", Map.of()).holds(), "another build's pending proof is only a proof that does not hold");
    }
}
