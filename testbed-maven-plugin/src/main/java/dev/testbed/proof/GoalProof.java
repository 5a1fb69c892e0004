package dev.testbed.proof;

import dev.testbed.core.FileErrors;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeStamp;
import dev.testbed.core.PropertiesFile;
import dev.testbed.core.Reporter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What lets run-models and verify-metrics say "up to date" without starting DuckDB or parsing the project, as
 * load-ducklake does with its own proof. After a goal succeeds, it records ({@link #record}) a hash of every input its
 * result depends on ({@link ProofInputs}) and the lake's {@link LakeStamp} as this build left it. The next time, when
 * the inputs hash the same, the stamp is unchanged and the goal's artifacts are still there, the goal's result cannot
 * differ from the recorded one, so {@link #holds} prints each node as up to date and the goal stops there.
 *
 * <p>A goal that writes the lake after another goal of the same build recorded its proof (verify-metrics' run history;
 * the commit of an atomic publish) calls {@link #restamp} after its write, so that the earlier proof follows the lake.
 * Only proofs of the same build whose stamp is the one the writer saw before it opened the lake are moved: a write by
 * anyone else in between leaves them behind, and they no longer hold.
 *
 * <p>Where no cheap stamp exists (a PostgreSQL or other database catalog; a profile that opens or attaches other databases),
 * the proof never holds. The proof is a shortcut: deleting its file ({@value #FILE_PREFIX}{@code <goal>.properties} in
 * the output directory) costs one full check, never a wrong answer.
 */
public final class GoalProof {

    static final String FILE_PREFIX = "testbed-proof-";
    private static final String FILE_SUFFIX = ".properties";
    private static final String INPUT = "input.";
    private static final String NODE = "node.";
    private static final String ARTIFACT = "artifact.";
    private static final String STAMP = "stamp";
    private static final String AWAITING = "awaitingCommitSince";
    private static final String HELD_IN = "heldIn";

    private final String goal;
    private final Path directory;
    private final LakeLocation location;
    private final ProofInputs inputs;
    private final String runId;
    private final Reporter reporter;
    /** Why no proof can be kept for this lake, or null when one can. */
    private final String unusable;
    /** Why this run does not ask the proof (it still records one), or null. */
    private final String bypassed;

    private GoalProof(String goal, Path directory, LakeLocation location, ProofInputs inputs, String runId, Reporter reporter, String unusable,
                      String bypassed) {
        this.goal = goal;
        this.directory = directory;
        this.location = location;
        this.inputs = inputs;
        this.runId = runId;
        this.reporter = reporter;
        this.unusable = unusable;
        this.bypassed = bypassed;
    }

    /**
     * @param goal      the goal's name, which names the proof's file
     * @param directory the goal's output directory, where its artifacts and its proof live
     * @param runId     the build's run id: {@link #restamp} moves only proofs of the same build
     */
    public static GoalProof of(String goal, Path directory, LakeLocation location, ProofInputs inputs, String runId, Reporter reporter) {
        String unusable = !location.isFileCatalog()
                ? "the catalog " + location + " is not a DuckDB file, so no file stamp shows whether another process wrote to it"
                : !location.session().inMemory() || location.session().steps().stream().anyMatch(step -> step.sql().strip().toUpperCase(Locale.ROOT).startsWith("ATTACH"))
                ? "the profile opens a DuckDB database or attaches one beside the lake, whose contents no stamp covers" : null;
        return new GoalProof(goal, directory, location, inputs, runId, reporter, unusable, null);
    }

    /**
     * This proof, not asked in this run when the condition holds (for example {@code -Dtestbed.force}); a successful run
     * still records a new one.
     */
    public GoalProof unless(boolean condition, String reason) {
        return condition && bypassed == null ? new GoalProof(goal, directory, location, inputs, runId, reporter, unusable, reason) : this;
    }

    /**
     * True when the recorded proof still holds; then every node's line is printed and the goal has nothing to do. Otherwise
     * says why not (at info level when a proof was there) and the goal runs its full check.
     */
    public boolean holds() {
        if (unusable != null || bypassed != null) {
            reporter.debug(goal + ": the up-to-date proof is not asked: " + (unusable != null ? unusable : bypassed) + ".");
            return false;
        }
        Optional<Properties> recorded = read(file());
        if (recorded.isEmpty()) {
            reporter.debug(goal + ": no up-to-date proof recorded in " + file() + "; checking with the lake.");
            return false;
        }
        String whyNot = whyNot(recorded.get());
        if (whyNot != null) {
            reporter.info(goal + ": the up-to-date proof of the last build does not hold (" + whyNot + "); checking with the lake.");
            return false;
        }
        Properties proof = recorded.get();
        List<ProvenNode> nodes;
        try {
            nodes = nodes(proof);
        } catch (IllegalArgumentException e) {
            reporter.debug(goal + ": the up-to-date proof " + file() + " is not readable (" + e.getMessage() + "); checking with the lake.");
            return false;
        }
        // a later write of this build (run history) may move this proof along, as one it recorded itself
        proof.setProperty(HELD_IN, runId);
        store(file(), proof, reporter);
        reporter.info(goal + " is up to date: the project's files, the parameters, the environment variables it reads, the plugin and the"
                + " lake's catalog are unchanged since run " + proof.getProperty("run") + " (" + proof.getProperty("recorded") + ") succeeded, so"
                + " DuckDB was not started and the artifacts in " + directory + " were left as they are. " + nodes.size() + " nodes:");
        for (ProvenNode node : nodes) {
            reporter.info(String.format("  %-11s %-50s %s (up to date, proof of run %s)", node.kind(), node.name(), node.status(),
                    proof.getProperty("run")));
        }
        return true;
    }

    /** Removes the goal's proof before it does its work, so that a failure leaves none behind. */
    public void forget() {
        forget(directory, goal, reporter);
    }

    /**
     * Removes {@code goal}'s proof in {@code directory}: for a goal whose artifacts another goal is about to rewrite
     * (run-models writes run_results.json afresh, without verify-metrics' test results).
     */
    public static void forget(Path directory, String goal, Reporter reporter) {
        Path file = directory.resolve(FILE_PREFIX + goal + FILE_SUFFIX);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            reporter.warn("Cannot delete " + file + " (" + FileErrors.describe(e) + "); delete it before the next build.");
        }
    }

    /**
     * Records the proof after the goal succeeded and its writes are committed: the lake's stamp is taken now.
     *
     * @param environmentRead the environment variables the project's Jinja read in this run
     * @param nodes           every node of the run, with its status
     * @param artifacts       the files the goal leaves behind, which must still exist for the proof to hold
     */
    public void record(Set<String> environmentRead, List<ProvenNode> nodes, Collection<Path> artifacts) {
        LakeStamp.of(location).ifPresent(stamp -> write(environmentRead, nodes, artifacts, STAMP, stamp));
    }

    /**
     * Records the proof of a goal whose writes are still in a transaction that a later goal of the same build commits (an
     * atomic publish): it holds only once that commit calls {@link #restamp} with {@code before}.
     *
     * @param before the lake's stamp when the transaction's connection was opened
     */
    public void recordAwaitingCommit(Set<String> environmentRead, List<ProvenNode> nodes, Collection<Path> artifacts, LakeStamp before) {
        write(environmentRead, nodes, artifacts, AWAITING, before);
    }

    /**
     * Says that the lake was just written by this build in a way that leaves earlier goals' results true (run history, an
     * atomic publish of this build's own work): every proof of this build whose stamp is {@code before} now gets the
     * lake's current stamp. Call it after the commit, with the stamp taken before the writing connection was opened.
     */
    public static void restamp(Path directory, LakeLocation location, String runId, LakeStamp before, Reporter reporter) {
        Optional<LakeStamp> now = LakeStamp.of(location);
        if (now.isEmpty() || !Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> proofs = Files.newDirectoryStream(directory, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path file : proofs) {
                Optional<Properties> read = read(file);
                if (read.isEmpty()) {
                    continue;
                }
                Properties proof = read.get();
                String was = proof.getProperty(STAMP, proof.getProperty(AWAITING, ""));
                if ((runId.equals(proof.getProperty("run")) || runId.equals(proof.getProperty(HELD_IN))) && lakeKey(location).equals(proof.getProperty("lake")) && was.equals(before.encoded())) {
                    proof.remove(AWAITING);
                    proof.setProperty(STAMP, now.get().encoded());
                    store(file, proof, reporter);
                }
            }
        } catch (IOException e) {
            reporter.debug("Cannot list the up-to-date proofs in " + directory + " (" + FileErrors.describe(e) + "); the next build checks with the lake.");
        }
    }

    private String whyNot(Properties proof) {
        if (!lakeKey(location).equals(proof.getProperty("lake"))) {
            return "it is about another lake";
        }
        if (awaitingCommitInThisBuild()) {
            // its work is in the lake's open transaction, which the catalog's stamp does not show yet
            return "an earlier goal of this build has work that is not committed yet";
        }
        if (proof.getProperty(STAMP) == null) {
            return "the build that recorded it did not publish its work";
        }
        Optional<LakeStamp> now = LakeStamp.of(location);
        if (now.isEmpty() || !now.get().encoded().equals(proof.getProperty(STAMP))) {
            return "the lake's catalog was written since, by another goal or process";
        }
        List<String> missing = PropertiesFile.prefixed(proof, ARTIFACT).values().stream().filter(name -> !Files.exists(directory.resolve(name))).toList();
        if (!missing.isEmpty()) {
            return "artifacts are gone: " + missing.stream().limit(3).collect(Collectors.joining(", "));
        }
        Map<String, String> recordedInputs = PropertiesFile.prefixed(proof, INPUT);
        Set<String> environment = recordedInputs.keySet().stream().filter(key -> key.startsWith(ProofInputs.ENVIRONMENT))
                .map(key -> key.substring(ProofInputs.ENVIRONMENT.length())).collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> current = inputs.digests(environment);
        return recordedInputs.equals(current) ? null : ProofInputs.differences(recordedInputs, current);
    }

    private boolean awaitingCommitInThisBuild() {
        try (DirectoryStream<Path> proofs = Files.newDirectoryStream(directory, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path file : proofs) {
                Optional<Properties> other = read(file);
                if (other.isPresent() && other.get().getProperty(AWAITING) != null && runId.equals(other.get().getProperty("run"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: no shortcut
        }
    }

    private void write(Set<String> environmentRead, List<ProvenNode> nodes, Collection<Path> artifacts, String stampKey, LakeStamp stamp) {
        if (unusable != null) {
            return;
        }
        Properties proof = new Properties();
        proof.setProperty("goal", goal);
        proof.setProperty("run", runId);
        proof.setProperty("recorded", Instant.now().toString());
        proof.setProperty("lake", lakeKey(location));
        proof.setProperty(stampKey, stamp.encoded());
        inputs.digests(environmentRead).forEach((key, digest) -> proof.setProperty(INPUT + key, digest));
        for (int i = 0; i < nodes.size(); i++) {
            proof.setProperty(NODE + String.format("%05d", i), nodes.get(i).encoded());
        }
        List<Path> files = new ArrayList<>(artifacts);
        for (int i = 0; i < files.size(); i++) {
            proof.setProperty(ARTIFACT + i, directory.relativize(files.get(i).toAbsolutePath()).toString());
        }
        store(file(), proof, reporter);
    }

    private static void store(Path file, Properties proof, Reporter reporter) {
        try {
            Files.createDirectories(file.getParent());
            PropertiesFile.write(file, file.resolveSibling(file.getFileName() + ".tmp"), proof,
                    "Written by testbed: a shortcut for the goal's up-to-date check; safe to delete");
        } catch (IOException e) {
            // losing the shortcut costs one full check next time, never a wrong answer
            reporter.debug("Could not keep the up-to-date proof " + file + " (" + FileErrors.describe(e) + ").");
        }
    }

    private Path file() {
        return directory.resolve(FILE_PREFIX + goal + FILE_SUFFIX);
    }

    private static String lakeKey(LakeLocation location) {
        return location.resolvedCatalog() + " " + location.resolvedDataPath() + " " + location.alias();
    }

    private static Optional<Properties> read(Path file) {
        try {
            return PropertiesFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable: no shortcut, the full check runs
        }
    }

    private static List<ProvenNode> nodes(Properties proof) {
        return PropertiesFile.prefixed(proof, NODE).values().stream().map(ProvenNode::decode).toList();
    }
}
