package dev.testbed.state;

import java.util.List;

/**
 * Why a model, seed or data test is, or is not, modified since its last successful build (for a test: its last run)
 * in this lake. Every reason but {@link UpToDate} and {@link Ephemeral} means "modified".
 */
public sealed interface Change {

    /** A few words for the build log and inspect, e.g. {@code code changed since snapshot 12}. */
    String describe();

    default boolean modified() {
        return !(this instanceof UpToDate || this instanceof Ephemeral);
    }

    /** The relation is missing from the lake, or no successful build (test run) of it is recorded. */
    record NeverBuilt(String what) implements Change {
        public String describe() {
            return what;
        }
    }

    /** A model's SQL text, or a seed's CSV file, differs from the one its last successful build recorded. */
    record CodeChanged(long builtIn) implements Change {
        public String describe() {
            return "code changed since snapshot " + builtIn;
        }
    }

    record ConfigChanged(long builtIn) implements Change {
        public String describe() {
            return "config changed since snapshot " + builtIn;
        }
    }

    /** Project macros it calls (directly or through other macros) whose definition changed or that it newly calls. */
    record MacroChanged(List<String> macros, long builtIn) implements Change {
        public String describe() {
            return "macro " + String.join(", ", macros) + " changed since snapshot " + builtIn;
        }
    }

    /**
     * Something it reads changed after it was built.
     *
     * @param relation  the relation it reads ({@code schema.name})
     * @param origin    the table, seed or source whose change reached it: {@code relation} itself, or one behind views
     *                  and ephemeral models
     * @param changedIn the snapshot of that change
     * @param builtIn   the snapshot of its last successful build (for a test: its last run)
     */
    record UpstreamChanged(String relation, String origin, long changedIn, long builtIn) implements Change {
        public String describe() {
            String what = origin.equals(relation) ? relation : relation + " (through " + origin + ")";
            return what + " changed in snapshot " + changedIn + ", after snapshot " + builtIn;
        }
    }

    /**
     * A data test's compiled query or config differs from the one its last run recorded.
     *
     * @param recorded false when that run predates the record of definitions: nothing says it is the same test
     */
    record DefinitionChanged(long ranIn, boolean recorded) implements Change {
        public String describe() {
            return recorded ? "definition changed since snapshot " + ranIn : "no definition recorded by its run in snapshot " + ranIn;
        }
    }

    /** A data test whose last run did not pass: only a pass is kept, so it runs again and shows its rows. */
    record NotPassed(String status, long ranIn) implements Change {
        public String describe() {
            return "its last run, in snapshot " + ranIn + ", ended in " + status;
        }
    }

    /** A data test that reads a model which is itself modified: its result will not hold once that model is rebuilt. */
    record ReadsModified(String model) implements Change {
        public String describe() {
            return "it reads " + model + ", which is modified";
        }
    }

    record UpToDate(long snapshot) implements Change {
        public String describe() {
            return "up to date (snapshot " + snapshot + ")";
        }
    }

    /** Never built on its own: compiled into the models that read it, whose own check covers its inputs. */
    record Ephemeral() implements Change {
        public String describe() {
            return "compiled into its users";
        }
    }
}
