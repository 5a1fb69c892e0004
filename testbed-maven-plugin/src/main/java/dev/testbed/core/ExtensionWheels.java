package dev.testbed.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs a DuckDB extension from its PyPI wheel, in Java: the wheels carry the same signed binary that
 * DuckDB's own server hands out, so machines that reach only package registries (or a company mirror of
 * PyPI) still get it. The binary lands where DuckDB loads it,
 * {@code <extension dir>/v<version>/<platform>/<name>.duckdb_extension}, by an atomic move: a build that
 * is interrupted, or several builds provisioning at once, never leave a half-written file there.
 */
public final class ExtensionWheels {

    /** DuckDB's name for an extension -> its PyPI project (postgres_scanner: DuckDB loads it only under that name). */
    private static final Map<String, String> PROJECTS = Map.of(
            "ducklake", "duckdb-extension-ducklake",
            "httpfs", "duckdb-extension-httpfs",
            "postgres_scanner", "duckdb-extension-postgres-scanner");

    /** DuckDB's platform -> the wheel platform tags built for it. */
    private static final Map<String, Pattern> PLATFORM_TAGS = Map.of(
            "linux_amd64", Pattern.compile("manylinux\\w*_x86_64"),
            "linux_arm64", Pattern.compile("manylinux\\w*_aarch64"),
            "linux_amd64_musl", Pattern.compile("musllinux\\w*_x86_64"),
            "linux_arm64_musl", Pattern.compile("musllinux\\w*_aarch64"),
            "osx_amd64", Pattern.compile("macosx\\w*_(x86_64|universal2)"),
            "osx_arm64", Pattern.compile("macosx\\w*_(arm64|universal2)"),
            "windows_amd64", Pattern.compile("win_amd64"),
            "windows_arm64", Pattern.compile("win_arm64"));

    private ExtensionWheels() {
    }

    /** The PyPI project holding {@code extension}, or empty for an extension this route does not know. */
    public static Optional<String> project(String extension) {
        return Optional.ofNullable(PROJECTS.get(extension));
    }

    /** Where DuckDB {@code version} (such as {@code v1.5.5}) on {@code platform} loads {@code extension} from. */
    public static Path target(Path extensionDirectory, String version, String platform, String extension) {
        return extensionDirectory.resolve(version).resolve(platform).resolve(extension + ".duckdb_extension");
    }

    /**
     * Fetches {@code extension}'s wheel for DuckDB {@code version} on {@code platform} from {@code index},
     * checks its sha256, and places the binary at {@link #target}. Returns that path.
     */
    public static Path install(String extension, String version, String platform, Path extensionDirectory, ExtensionIndex index)
            throws IOException {
        String project = project(extension).orElseThrow(() -> new IOException("no PyPI wheel is known for the extension '" + extension + "'"));
        String wheelVersion = version.replaceFirst("^v", "");
        Pattern tags = Optional.ofNullable(PLATFORM_TAGS.get(platform))
                .orElseThrow(() -> new IOException("no wheel platform tag is known for DuckDB's platform " + platform));
        List<ExtensionIndex.Link> links = index.links(project);
        ExtensionIndex.Link wheel = links.stream()
                .filter(link -> isWheel(link.fileName(), wheelVersion, tags))
                .findFirst()
                .orElseThrow(() -> new IOException(index.projectPage(project) + " lists no wheel of " + project + " " + wheelVersion
                        + " for " + platform + " (" + links.size() + " files listed)"));
        Path target = target(extensionDirectory, version, platform, extension);
        Path folder = target.getParent();
        Files.createDirectories(folder);
        // Temporary files in the target folder itself, so that the final move is a rename on one file system
        Path download = Files.createTempFile(folder, project + "-", ".whl.part");
        Path binary = Files.createTempFile(folder, extension + "-", ".duckdb_extension.part");
        long start = System.nanoTime();
        try {
            index.download(wheel, download);
            extract(download, wheel.fileName(), version, extension, binary);
            Files.move(binary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            index.progress().info(String.format(Locale.ROOT, "Installed %s from %s (sha256 verified, %.1f s) at %s",
                    extension, wheel.fileName(), (System.nanoTime() - start) / 1e9, target));
            return target;
        } finally {
            Files.deleteIfExists(download);
            Files.deleteIfExists(binary);
        }
    }

    /** {@code name-version(-build)?-python-abi-platform.whl}, of the wanted version and a platform tag of ours. */
    private static boolean isWheel(String fileName, String version, Pattern tags) {
        if (!fileName.endsWith(".whl")) {
            return false;
        }
        String[] parts = fileName.substring(0, fileName.length() - ".whl".length()).split("-");
        if (parts.length < 5 || !parts[1].equals(version)) {
            return false;
        }
        // a compressed tag set such as manylinux_2_17_x86_64.manylinux2014_x86_64 matches if any member does
        for (String tag : parts[parts.length - 1].split("\\.")) {
            if (tags.matcher(tag).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The wheel holds the binary at {@code <package>/extensions/v<version>/<name>.duckdb_extension}, without the platform folder. */
    private static void extract(Path wheel, String wheelName, String version, String extension, Path binary) throws IOException {
        String suffix = "/extensions/" + version + "/" + extension + ".duckdb_extension";
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(suffix)).findFirst().orElse(null);
            if (entry == null) {
                String found = zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".duckdb_extension")).findFirst().orElse("none");
                throw new IOException(wheelName + " holds no " + suffix.substring(1) + " (its extension binary: " + found
                        + "); the wheel and DuckDB " + version + " do not match");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
