package dev.testbed.state;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.graph.NodeStates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code state:} and {@code result:} selection answered from a lake: it is opened read-only, and only when a selection
 * first asks, so that builds selecting by name or tag never pay for it. A lake that does not exist yet has built
 * nothing: every model is {@code new} and {@code modified}, and there is no last run.
 */
public final class LakeNodeStates implements NodeStates {

    private static final Pattern RESULT_TERM = Pattern.compile("(?:\\d*\\+)?result:(\\w+)(?:\\+\\d*)?");

    private final Relations relations;
    private final LakeLocation location;
    private final DuckDbSettings settings;
    private final Path outputDirectory;
    private LakeState lake;
    private Map<String, String> lastResults;
    private ChangeDetector.Changes changes;

    public LakeNodeStates(Relations relations, LakeLocation location, DuckDbSettings settings) {
        this(relations, location, settings, null);
    }

    /**
     * @param outputDirectory where an unpublished (red atomic) build left its history rows ({@link UnpublishedResults}):
     *                        when newer than the lake's last run, {@code result:} reads that build's statuses; may be null
     */
    public LakeNodeStates(Relations relations, LakeLocation location, DuckDbSettings settings, Path outputDirectory) {
        this.relations = relations;
        this.location = location;
        this.settings = settings;
        this.outputDirectory = outputDirectory;
    }

    @Override
    public Set<String> states(String model) {
        Change change = changes().models().get(model);
        Set<String> states = new TreeSet<>();
        states.add(change instanceof Change.NeverBuilt ? "new" : "old");
        states.add(change.modified() ? "modified" : "unmodified");
        if (change instanceof Change.CodeChanged) {
            states.add("modified.body");
        } else if (change instanceof Change.ConfigChanged) {
            states.add("modified.configs");
        } else if (change instanceof Change.MacroChanged) {
            states.add("modified.macros");
        }
        return states;
    }

    @Override
    public String lastResult(String model) {
        changes();
        return lastResults.get(model);
    }

    /**
     * Whether a {@code result:} term of the selection selects this data test by its own status in the last run, as dbt's
     * result method selects tests as nodes ({@code result:fail} selects the tests that failed). Only whole terms count:
     * {@code result:fail,tag:x} intersects with models, as the model selector does.
     */
    public boolean selectsTest(String selection, String test) {
        if (selection == null || !selection.contains("result:")) {
            return false;
        }
        for (String term : selection.strip().split("\\s+")) {
            Matcher matcher = RESULT_TERM.matcher(term);
            if (matcher.matches()) {
                changes();
                if (matcher.group(1).equals(lastResults.get(test))) {
                    return true;
                }
            }
        }
        return false;
    }

    private synchronized ChangeDetector.Changes changes() {
        if (changes == null) {
            if (Lake.exists(location)) {
                try (Lake opened = Lake.openReadOnly(location, settings, null)) {
                    lake = LakeState.read(opened);
                }
            } else {
                lake = LakeState.EMPTY;
            }
            lastResults = UnpublishedResults.newerThan(outputDirectory, lake.lastRun()).orElse(lake.lastResults());
            changes = ChangeDetector.detect(relations, lake, List.of());
        }
        return changes;
    }
}
