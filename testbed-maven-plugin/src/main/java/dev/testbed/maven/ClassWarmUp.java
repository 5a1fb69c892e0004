package dev.testbed.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.hubspot.jinjava.Jinjava;
import dev.testbed.core.DuckDb;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads the classes of the project's parse on a second thread while the build's first DuckDB starts on the first.
 *
 * <p>run-models' first parse of the project loads about 1,600 classes (Jinjava, Jackson's YAML, Guava, snakeyaml and the
 * plugin's own compile classes): 0.4-0.6 s of one core at the default size on a quiet machine, spent while the second
 * core waits. Meanwhile the first goal that starts DuckDB spends a while on one core copying and loading duckdb_jdbc's
 * 60 MB native library (from an unpacked copy, see {@link dev.testbed.core.DuckDbDriver}; inflated from the driver's jar
 * when there is none) and starting DuckDB. Started then, the loading runs beside that work instead of after it. It starts only when DuckDB
 * really starts (an up-to-date build, which never does, pays nothing), at most once per JVM; it runs third-party code
 * on constant input and loads the plugin's parse classes without initialising them: it changes nothing a goal
 * computes, and any failure is ignored (the goal that needs the class reports its own).
 */
final class ClassWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ClassWarmUp() {
    }

    /**
     * Arms the warm-up for the next DuckDB start of this JVM when a goal that parses the project follows; true when it
     * armed it (not when it ran before in this JVM).
     */
    static boolean armIf(boolean projectParsedLater) {
        if (!projectParsedLater || STARTED.get()) {
            return false;
        }
        DuckDb.beforeNextStart(ClassWarmUp::start);
        return true;
    }

    /** Starts the loading thread, unless it was started before in this JVM; true when this call started it. */
    static boolean start() {
        if (!STARTED.compareAndSet(false, true)) {
            return false;
        }
        Thread thread = new Thread(ClassWarmUp::load, "testbed-class-warm-up");
        // never what keeps Maven's JVM alive, nor slows the build's own threads down
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return true;
    }

    /**
     * The plugin's packages whose classes run-models loads next: the parse ({@code project}, {@code compile}, about 220
     * classes) and the planning and run after it; loaded here without running any code of theirs.
     */
    private static final List<String> RUN_PACKAGES = List.of("dev/testbed/project/", "dev/testbed/compile/", "dev/testbed/graph/",
            "dev/testbed/tests/", "dev/testbed/state/", "dev/testbed/run/", "dev/testbed/engine/", "dev/testbed/results/");

    /**
     * Reads YAML and renders a macro, as a project's parse does first, with constant input, then loads the classes of the
     * packages run-models loads next: {@code M!}, or null if the first part failed.
     */
    static String load() {
        String rendered = render();
        loadRunClasses();
        return rendered;
    }

    private static String render() {
        try {
            JsonNode tree = new YAMLMapper().readTree("models:\n  - name: m\n    columns:\n      - name: c\n        tests: [not_null]\n");
            return new Jinjava().render("{% macro m(x) %}{{ x | upper }}{% if x is string %}!{% endif %}{% endmacro %}{{ m(y) }}",
                    Map.of("y", tree.path("models").path(0).path("name").asText()));
        } catch (RuntimeException | LinkageError | IOException e) {
            return null; // only a head start: the parse loads what it needs itself
        }
    }

    /** How many of those packages' classes were loaded (not initialised: no static code of theirs runs here). */
    static int loadRunClasses() {
        ClassLoader loader = ClassWarmUp.class.getClassLoader();
        int loaded = 0;
        try {
            Path code = Path.of(ClassWarmUp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String entry : classEntries(code)) {
                try {
                    Class.forName(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // the parse, if it needs this class, loads it and reports what is wrong itself
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // no listing of the plugin's code: the parse loads its classes as it goes
        }
        return loaded;
    }

    /** Those packages' class files in the plugin's jar (or, in the plugin's own tests, its classes folder). */
    private static List<String> classEntries(Path code) throws IOException {
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(code)) {
            try (Stream<Path> files = Files.walk(code)) {
                files.map(file -> code.relativize(file).toString().replace('\\', '/')).forEach(entries::add);
            }
        } else {
            try (ZipFile jar = new ZipFile(code.toFile())) {
                jar.stream().map(ZipEntry::getName).forEach(entries::add);
            }
        }
        return entries.stream().filter(name -> name.endsWith(".class") && RUN_PACKAGES.stream().anyMatch(name::startsWith)).toList();
    }
}
