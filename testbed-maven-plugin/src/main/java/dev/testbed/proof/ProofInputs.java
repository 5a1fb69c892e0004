package dev.testbed.proof;

import dev.testbed.core.FileStamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Everything a goal's result depends on apart from the lake: the project's files, the profiles.yml found, the goal's
 * effective parameters, the plugin's build, and the environment variables the project's Jinja reads. {@link #digests}
 * turns them into one hash per input, so that a proof can say which input changed.
 *
 * <p>The project's files are every file under its folder except the excluded folders (the build directory, the output
 * directory, the lake's own files) and hidden ones ({@code .git}, {@code .idea}): more than dbt reads, never less, so a
 * change to an unrelated file costs a full check and never a wrong answer. Files up to {@value #HASHED_UP_TO} bytes are
 * hashed (touching one keeps the proof); larger ones are compared by {@link FileStamp}, so that a large seed or data file
 * in the project does not make the check slow.
 *
 * @param projectRoot the dbt-style project's folder
 * @param excluded    folders and files under it that are outputs, not inputs
 * @param profile     the profiles.yml the goal read, if any
 * @param parameters  the goal's effective parameters, by name; values are stored only as hashes (they may hold secrets)
 * @param pluginBuild what identifies the plugin's code ({@link #thisPluginBuild})
 * @param environment what {@code env_var()} reads, usually {@code System.getenv()}; only the names the project read count
 */
public record ProofInputs(Path projectRoot, Collection<Path> excluded, Optional<Path> profile, SortedMap<String, String> parameters,
                          String pluginBuild, Map<String, String> environment) {

    /** How a project file names a hook: dbt_project.yml and properties files write a dash, {@code config()} an underscore. */
    private static final java.util.regex.Pattern MICROBATCH = java.util.regex.Pattern.compile("microbatch");
    private static final java.util.regex.Pattern HOOK = java.util.regex.Pattern.compile("(?:pre|post)[-_]hook|on-run-(?:start|end)");

    static final long HASHED_UP_TO = 4L << 20;
    static final String FILE = "file:";
    static final String PARAMETER = "parameter:";
    static final String ENVIRONMENT = "env:";
    static final String PROFILE = "profile";
    static final String PLUGIN = "plugin";

    public ProofInputs {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        excluded = excluded.stream().map(path -> path.toAbsolutePath().normalize()).collect(Collectors.toUnmodifiableSet());
        parameters = new TreeMap<>(parameters);
        environment = Map.copyOf(environment);
    }

    /**
     * What identifies the code of this plugin: the jar (or classes folder) it was loaded from with a hash of its entries'
     * names and checksums, and the DuckDB driver's jar (its path names its version). The entries' checksums come from the
     * jar's central directory, without reading the classes, and stay the same when an unchanged plugin is built again.
     */
    public static String thisPluginBuild() {
        return PluginBuild.NAME;
    }

    /** Named once per class loader: a build's goals share the plugin's realm, and its jar does not change during a build. */
    private static final class PluginBuild {
        static final String NAME = name();
    }

    private static String name() {
        try {
            Path code = Path.of(ProofInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            URL driver = ProofInputs.class.getClassLoader().getResource("org/duckdb/DuckDBDriver.class");
            return code + (Files.isRegularFile(code) ? " " + entriesHash(code) : "") + " duckdb " + driver;
        } catch (IOException | RuntimeException | URISyntaxException e) {
            // a build that cannot be named must not match a recorded one: a value of its own each time keeps proofs from holding
            return "unknown " + System.nanoTime();
        }
    }

    private static String entriesHash(Path jar) throws IOException {
        StringBuilder entries = new StringBuilder();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(entry -> entries.append(entry.getName()).append(' ').append(entry.getCrc()).append('\n'));
        }
        return hash(entries.toString());
    }

    /** One hash per input; {@code environmentNames} are the variables whose values count (the ones the project read). */
    Map<String, String> digests(Set<String> environmentNames) {
        Map<String, String> digests = new TreeMap<>();
        projectFiles().forEach((name, digest) -> digests.put(FILE + name, digest));
        digests.put(PROFILE, profile.map(file -> file.toAbsolutePath() + " " + fileDigest(file)).orElse("none"));
        parameters.forEach((name, value) -> digests.put(PARAMETER + name, hash(value == null ? "\0null" : value)));
        environmentNames.forEach(name -> digests.put(ENVIRONMENT + name, Optional.ofNullable(environment.get(name))
                .map(value -> hash("set " + value)).orElse("unset")));
        digests.put(PLUGIN, pluginBuild);
        return digests;
    }

    /**
     * Whether a project file names a hook ({@code pre-hook}, {@code post_hook}, {@code on-run-start}, ...): dbt runs hooks at
     * every build, and their effects are not the goal's result, so no proof may stand in for running them.
     */
    public boolean declaresHooks() {
        return mentions(HOOK);
    }

    /** Whether a project file names the microbatch strategy, whose batches depend on the current time: no proof may stand in for them. */
    public boolean declaresMicrobatch() {
        return mentions(MICROBATCH);
    }

    private boolean mentions(java.util.regex.Pattern pattern) {
        for (String name : projectFiles().keySet()) {
            Path file = projectRoot.resolve(name);
            try {
                if (Files.isRegularFile(file) && Files.size(file) <= HASHED_UP_TO
                        && pattern.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).find()) {
                    return true;
                }
            } catch (IOException e) {
                return true; // unreadable: assume the worst, which costs one full check
            }
        }
        return false;
    }

    private SortedMap<String, String> projectFiles() {
        SortedMap<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(projectRoot)) {
            return files;
        }
        try {
            Files.walkFileTree(projectRoot, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(projectRoot) && skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!skipped(file)) {
                        files.put(projectRoot.relativize(file).toString().replace('\\', '/'), attributes.isRegularFile()
                                ? fileDigest(file) : "other:" + attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private boolean skipped(Path path) {
        return path.getFileName().toString().startsWith(".") || excluded.contains(path.toAbsolutePath().normalize());
    }

    private static String fileDigest(Path file) {
        try {
            return Files.size(file) <= HASHED_UP_TO ? hash(Files.readAllBytes(file)) : FileStamp.of(file);
        } catch (IOException e) {
            return FileStamp.of(file); // unreadable: its stamp, which says so
        }
    }

    static String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The inputs whose digests differ between two sets, for the line saying why a proof does not hold. */
    static String differences(Map<String, String> recorded, Map<String, String> now) {
        Function<String, String> describe = key -> key.startsWith(FILE) ? key.substring(FILE.length())
                : key.startsWith(PARAMETER) ? "parameter " + key.substring(PARAMETER.length())
                : key.startsWith(ENVIRONMENT) ? "environment variable " + key.substring(ENVIRONMENT.length())
                : key.equals(PROFILE) ? "profiles.yml" : "the plugin's build";
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        return keys.stream().filter(key -> !Objects.equals(recorded.get(key), now.get(key)))
                .map(key -> describe.apply(key) + (recorded.containsKey(key) ? now.containsKey(key) ? " changed" : " is gone" : " is new"))
                .limit(5).collect(Collectors.joining(", "));
    }
}
