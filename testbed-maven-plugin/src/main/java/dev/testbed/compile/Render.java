package dev.testbed.compile;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorItem;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.interpret.UnknownTagException;
import dev.testbed.core.TestbedException;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.SourceKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One render of one template: what the dbt functions recorded, the macro call stack, and every problem found, so that a
 * failure names the file, the line (through macro calls) and the closest existing name.
 */
final class Render {

    /** Context key under which templates' functions find the render they belong to. */
    static final String KEY = "__testbed_render__";

    enum Phase {
        /** Loading macro files: only macro definitions matter. */
        LOAD,
        /** First render of a model: ref/source/config record their arguments. */
        PARSE,
        /** Final render of a model: ref/source render the runner's relations. */
        COMPILE,
        /** Calling the project's generate_schema_name macro. */
        SCHEMA,
        /** Rendering a description of a properties file, where doc() works. */
        DESCRIPTION
    }

    /** A place in the templates: the text names the file and line (through macro calls); modelLine orders problems. */
    record Location(int modelLine, String text) {
    }

    record Problem(Location where, String message, String suggestion) {
    }

    /** The arguments of one config(...) call and where it was made. */
    record ConfigCall(Map<String, Object> values, String origin) {
    }

    /** A project macro being evaluated: called from callLine of the template (or macro) below it. */
    static final class Frame {
        final ProjectMacro macro;
        final int callLine;
        boolean returned;
        Object value;

        Frame(ProjectMacro macro, int callLine) {
            this.macro = macro;
            this.callLine = callLine;
        }
    }

    private record Undefined(String name, int line, int position, Location where, Set<String> candidates) {
    }

    final JinjaEnvironment env;
    final Phase phase;
    /** The template's file, relative to the project root (or a description for a template that is no file). */
    final String file;
    /** The model rendered, or null while loading macros. */
    final String modelName;
    /** The runner's relations; only in the COMPILE phase. */
    final CompileContext context;
    /**
     * The package whose node or macro file this is: its macros come first for bare names, as in dbt (a node's own
     * package, then the root project, then {@code dbt}). The root project unless set.
     */
    String packageName;
    /** What {@code doc()} reads, and the unique id of the node whose description this is; null outside descriptions. */
    DocBlocks docs;
    String documented;

    final Set<String> refs = new LinkedHashSet<>();
    final Set<SourceKey> sources = new LinkedHashSet<>();
    final List<ConfigCall> configCalls = new ArrayList<>();
    /**
     * The refs the model's parse found, which its final render may use: a ref the parse did not see (inside a
     * {@code statement} block, or under {@code if execute}) fails as in dbt. Null where no such check applies.
     */
    Set<String> parsedRefs;
    /** What {@code statement} and {@code store_result} stored, by name, for {@code load_result}. */
    final Map<String, Object> storedResults = new java.util.HashMap<>();

    private final boolean fileHasLines;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Undefined> undefined = new ArrayList<>();
    private final Map<TemplateError, Location> errorLocations = new IdentityHashMap<>();

    Render(JinjaEnvironment env, Phase phase, String file, boolean fileHasLines, String modelName, CompileContext context) {
        this.env = env;
        this.phase = phase;
        this.file = file;
        this.fileHasLines = fileHasLines;
        this.modelName = modelName;
        this.context = context;
        this.packageName = env.project().name();
    }

    static Render current(JinjavaInterpreter interpreter) {
        return (Render) interpreter.getContext().get(KEY);
    }

    static Render current() {
        return current(JinjavaInterpreter.getCurrent());
    }

    /** Whether templates see {@code execute} true (the final render, and generate_schema_name), so that queries run. */
    boolean executes() {
        return phase == Phase.COMPILE || phase == Phase.SCHEMA;
    }

    /** The database of this render, or the failure saying that {@code what} needs one and this render has none. */
    CompileDatabase database(String what) {
        CompileDatabase database = context == null ? null : context.database();
        if (database == null) {
            throw fail(what + " queries the lake, which is not available here",
                    "run_query, statement and the adapter's introspection work in models, their hooks and on-run-start/on-run-end; "
                            + "not in data tests, test arguments or generate_schema_name.");
        }
        return database;
    }

    /**
     * Asks the render's database; a database error fails the render at the current place (file, line, macro), naming
     * {@code what} asked.
     */
    <T> T ask(String what, java.util.function.Function<CompileDatabase, T> question) {
        CompileDatabase database = database(what);
        try {
            return question.apply(database);
        } catch (TestbedException e) {
            String message = e.getMessage();
            int arrow = e.suggestion() == null ? -1 : message.lastIndexOf(System.lineSeparator() + "  -> ");
            throw fail(what + ": " + (arrow < 0 ? message : message.substring(0, arrow)), e.suggestion());
        }
    }

    /** Where log(), print() and exceptions.warn() write, or null where messages are dropped (parsing, checks). */
    dev.testbed.core.Reporter reporter() {
        return context == null ? null : context.reporter();
    }

    // ---- locations -------------------------------------------------------------------------------------------------

    /** Where the template being rendered is now. */
    Location here() {
        return where(JinjavaInterpreter.getCurrent().getLineNumber());
    }

    /** The location of a line of the innermost template being rendered: the model, or the macro on top of the call stack. */
    Location where(int line) {
        if (frames.isEmpty()) {
            return new Location(line, fileLine(line));
        }
        Frame[] stack = new Frame[frames.size()];
        Iterator<Frame> bottomUp = frames.descendingIterator();
        for (int i = 0; bottomUp.hasNext(); i++) {
            stack[i] = bottomUp.next();
        }
        StringBuilder text = new StringBuilder(fileLine(stack[0].callLine));
        for (int i = 0; i < stack.length; i++) {
            int lineInMacro = i + 1 < stack.length ? stack[i + 1].callLine : line;
            text.append(", in macro '").append(stack[i].macro.getName()).append("' (").append(stack[i].macro.file());
            if (lineInMacro > 0) {
                text.append(", line ").append(lineInMacro);
            }
            text.append(')');
        }
        return new Location(stack[0].callLine, text.toString());
    }

    private String fileLine(int line) {
        return fileHasLines && line > 0 ? file + ", line " + line : file;
    }

    // ---- macro calls -----------------------------------------------------------------------------------------------

    Frame enter(ProjectMacro macro, int callLine) {
        Frame frame = new Frame(macro, callLine);
        frames.push(frame);
        return frame;
    }

    /** Leaves the innermost macro; errors Jinjava recorded inside it (from index {@code firstNew}) get its location. */
    void leave(List<TemplateError> errors, int firstNew) {
        for (int i = firstNew; i < errors.size(); i++) {
            TemplateError error = errors.get(i);
            errorLocations.computeIfAbsent(error, e -> where(e.getLineno()));
        }
        frames.pop();
    }

    /** dbt's return(): the innermost macro call evaluates to the value (the first return wins). False outside a macro. */
    boolean returnValue(Object value) {
        Frame frame = frames.peek();
        if (frame == null) {
            return false;
        }
        if (!frame.returned) {
            frame.returned = true;
            frame.value = value;
        }
        return true;
    }

    // ---- problems --------------------------------------------------------------------------------------------------

    /** Records a problem at the current place; the caller throws the result to stop the function. */
    TemplateFailure fail(String message, String suggestion) {
        problems.add(new Problem(here(), message, suggestion));
        return new TemplateFailure(message);
    }

    /** Jinjava's hook for names not in any scope. The name is recorded as undefined unless an `is defined` test claims it. */
    Object unknownVariable(String name) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Set<String> inScope = new TreeSet<>();
        for (Context scope = interpreter.getContext(); scope != null; scope = scope.getParent()) {
            if (scope.getScope().containsKey(name)) {
                return null; // defined, with the value none
            }
            for (String key : scope.getScope().keySet()) {
                if (!key.startsWith("__") && !key.contains(":")) {
                    inScope.add(key);
                }
            }
        }
        undefined.add(new Undefined(name, interpreter.getLineNumber(), interpreter.getPosition(), here(), inScope));
        return null;
    }

    /** An `is defined` test or a `default` filter got none: if that came from an undefined name just now, it is no error. */
    void forgiveUndefined(JinjavaInterpreter interpreter) {
        if (!undefined.isEmpty()) {
            Undefined last = undefined.get(undefined.size() - 1);
            if (last.line == interpreter.getLineNumber() && last.position == interpreter.getPosition()) {
                undefined.remove(undefined.size() - 1);
            }
        }
    }

    void unknownFilter(String name) {
        problems.add(new Problem(here(), "unknown filter '" + name + "'", Names.didYouMean(name, env.filterNames(), "Check the spelling.")));
    }

    void unknownTest(String name) {
        problems.add(new Problem(here(), "unknown test 'is " + name + "'", Names.didYouMean(name, env.testNames(), "Check the spelling.")));
    }

    /** A problem that escaped Jinjava (it does not catch everything it throws). */
    void unexpected(RuntimeException e) {
        problems.add(new Problem(here(), "Jinja failed: " + e.getMessage(), null));
    }

    /** Throws the first problem of this render, in template order, if there is any. */
    void throwIfFailed(List<TemplateError> errors) {
        List<Problem> all = new ArrayList<>(problems);
        for (Undefined u : undefined) {
            all.add(undefinedProblem(u));
        }
        for (TemplateError error : errors) {
            if (isProblem(error) && !causedByFailure(error)) {
                all.add(problemFor(error));
            }
        }
        if (all.isEmpty()) {
            return;
        }
        all.sort(Comparator.comparingInt(p -> p.where().modelLine()));
        Problem first = all.get(0);
        String more = all.size() == 1 ? "" : " (" + (all.size() - 1) + " more problem" + (all.size() == 2 ? "" : "s") + " in this file)";
        String subject = phase == Phase.SCHEMA || phase == Phase.LOAD || modelName == null ? "" : "Model " + modelName + ": ";
        throw new TestbedException(subject + first.where().text() + ": " + first.message() + more, first.suggestion());
    }

    private Problem undefinedProblem(Undefined u) {
        if (JinjaEnvironment.UNSUPPORTED_DBT.contains(u.name)) {
            return new Problem(u.where, "'" + u.name + "' is part of dbt that this engine does not support", JinjaEnvironment.SUPPORTED);
        }
        String suggestion;
        if (env.callableNames().contains(u.name)) {
            suggestion = "'" + u.name + "' is a function or macro: call it, e.g. {{ " + u.name + "(...) }}.";
        } else if (env.vars().containsKey(u.name)) {
            suggestion = "Project variables are read with var('" + u.name + "').";
        } else {
            suggestion = Names.didYouMean(u.name, u.candidates, "Set it first ({% set " + u.name + " = ... %}), or test it with 'is defined'.");
        }
        return new Problem(u.where, "'" + u.name + "' is undefined", suggestion);
    }

    /** Fatal errors, and the warnings Jinjava gives for a failure it rendered as nothing (unknown attribute, runaway recursion). */
    private static boolean isProblem(TemplateError error) {
        return error.getSeverity() == ErrorType.FATAL || error.getReason() == ErrorReason.EXCEPTION
                || error.getReason() == ErrorReason.UNKNOWN && error.getItem() == ErrorItem.PROPERTY;
    }

    private static boolean causedByFailure(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof TemplateFailure) {
                return true;
            }
        }
        return false;
    }

    private Problem problemFor(TemplateError error) {
        Location where = errorLocations.get(error);
        if (where == null) {
            where = new Location(error.getLineno(), fileLine(error.getLineno()));
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof UnknownTagException unknownTag) {
                String tag = unknownTag.getTag();
                if (tag.equals("snapshot")) {
                    return new Problem(where, "unknown tag '{% snapshot %}': a snapshot block is read only from a file under the snapshot paths",
                            "Move the block to snapshots/ (or a folder that snapshot-paths in dbt_project.yml names), as dbt requires.");
                }
                return new Problem(where, "unknown tag '{% " + tag + " %}'", Names.didYouMean(tag, env.tagNames(), "Check the spelling."));
            }
        }
        String unresolved = quoted(message, "Could not resolve function '");
        if (unresolved != null && JinjaEnvironment.UNSUPPORTED_DBT.contains(unresolved)) {
            return new Problem(where, "'" + unresolved + "' is part of dbt that this engine does not support", JinjaEnvironment.SUPPORTED);
        }
        if (unresolved != null) {
            return new Problem(where, "unknown function or macro '" + unresolved + "'", Names.didYouMean(unresolved, env.callableNames(),
                    "Define it with {% macro " + unresolved + "(...) %} in a file under macros/, or check the spelling."));
        }
        if (message.startsWith("Cannot find method ") && message.endsWith(" in class " + JinjaAdapter.class.getName())) {
            String method = message.substring("Cannot find method ".length()).split(" ")[0];
            return new Problem(where, "'adapter." + method + "' is part of dbt that this engine does not support", JinjaEnvironment.SUPPORTED);
        }
        if (message.startsWith("Cannot find method ")) {
            return new Problem(where, "unknown method: " + message.substring("Cannot find method ".length()),
                    "Python's string methods such as upper(), lower(), strip(), split() and replace() do not exist here; use filters: "
                            + "{{ x | upper }}, {{ x | lower }}, {{ x | trim }}, {{ x | split(',') }}, {{ x | replace('a', 'b') }}.");
        }
        if (error.getReason() == ErrorReason.UNKNOWN && error.getItem() == ErrorItem.PROPERTY) {
            String attribute = error.getFieldName();
            int of = message.lastIndexOf(" in '");
            return new Problem(where, "unknown attribute '" + attribute + "'" + (of < 0 ? "" : " of" + message.substring(of + 3)),
                    Names.didYouMean(attribute, JinjaEnvironment.ATTRIBUTES, "Check the spelling."));
        }
        String detail = message;
        Throwable root = error.getException();
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        boolean generic = message.startsWith("Error invoking function") || message.startsWith("Error resolving expression");
        if (generic && root != null && root.getMessage() != null && !detail.contains(root.getMessage())) {
            detail = detail + ": " + root.getMessage();
        }
        String kind = error.getReason() == ErrorReason.SYNTAX_ERROR ? "Jinja syntax error: " : "Jinja error: ";
        return new Problem(where, kind + detail, null);
    }

    /** The text between {@code prefix} and the next quote, if the message starts with the prefix. */
    private static String quoted(String message, String prefix) {
        if (!message.startsWith(prefix)) {
            return null;
        }
        int end = message.indexOf('\'', prefix.length());
        return end < 0 ? null : message.substring(prefix.length(), end);
    }
}
