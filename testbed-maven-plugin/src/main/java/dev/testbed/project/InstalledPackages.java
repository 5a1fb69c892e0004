package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The packages a project declares in {@code packages.yml} or {@code dependencies.yml}, found on disk; nothing is
 * downloaded. A {@code local:} package is read from its folder (relative to the project). Every other kind (hub
 * {@code package:}, {@code git:}, {@code tarball:}, {@code private:}) is read from the install path ({@code dbt_packages/}),
 * where {@code dbt deps} leaves it; like dbt, every folder there is loaded, named by its own dbt_project.yml. A declared
 * package that is not there fails, naming it.
 */
final class InstalledPackages {

    static final String DEFAULT_INSTALL_PATH = "dbt_packages";

    /** A package folder and the name its dbt_project.yml gives it. */
    record Found(String name, Path root) {
    }

    /** A {@code packages:} entry: {@code local} is set for a local package, {@code hubName} for a hub one. */
    private record Declared(String file, int line, String what, Path local, String hubName) {
    }

    private InstalledPackages() {
    }

    static List<Found> find(Path root, String installPath, Consumer<String> warnings) {
        List<Declared> declared = declared(root, warnings);
        Map<String, Found> byName = new LinkedHashMap<>();
        for (Declared entry : declared) {
            if (entry.local() != null) {
                Found found = read(entry.local(), entry);
                byName.putIfAbsent(found.name(), found);
            }
        }
        Path installed = root.resolve(installPath).normalize();
        List<Found> fromInstallPath = new ArrayList<>();
        if (Files.isDirectory(installed)) {
            for (Path dir : folders(installed)) {
                Found found = read(dir, null);
                Found local = byName.get(found.name());
                if (local == null) {
                    byName.put(found.name(), found);
                    fromInstallPath.add(found);
                } else if (!sameFolder(local.root(), dir)) {
                    warnings.accept(installPath + "/" + dir.getFileName() + " holds package '" + found.name() + "', which packages.yml reads from "
                            + local.root() + " (local:); the local folder is used");
                }
            }
        }
        List<Declared> missing = new ArrayList<>();
        int unnamed = 0;
        for (Declared entry : declared) {
            if (entry.local() == null && entry.hubName() != null && !byName.containsKey(entry.hubName())) {
                missing.add(entry);
            } else if (entry.local() == null && entry.hubName() == null) {
                unnamed++;
            }
        }
        long namedInstalled = declared.stream().filter(e -> e.hubName() != null && byName.containsKey(e.hubName())).count();
        if (missing.isEmpty() && unnamed > fromInstallPath.size() - namedInstalled) {
            // git, tarball and private packages are named by their own dbt_project.yml, which only dbt deps reads: count them, as dbt does
            declared.stream().filter(e -> e.local() == null && e.hubName() == null).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            Declared first = missing.get(0);
            throw new TestbedException(first.file() + ", line " + first.line() + ": package " + first.what() + " is not installed in " + installPath
                    + "/" + (missing.size() > 1 ? " (nor " + (missing.size() - 1) + " more declared package" + (missing.size() > 2 ? "s" : "") + ")" : "")
                    + ".", "This engine downloads nothing. Run 'dbt deps' once where there is internet and commit " + installPath
                    + "/ (or copy the package there), or vendor the package in the repository and declare it as '- local: <folder>'.");
        }
        return List.copyOf(byName.values());
    }

    private static List<Declared> declared(Path root, Consumer<String> warnings) {
        List<Declared> declared = new ArrayList<>();
        String using = null;
        for (String file : List.of("dependencies.yml", "packages.yml")) {
            Path path = root.resolve(file);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            Node top = YamlTree.parse(file, read(path), warnings);
            if (!(top instanceof MapNode map) || map.get("packages") == null) {
                continue;
            }
            if (using != null) {
                // dbt's own rule: one of the two files declares the packages
                throw new TestbedException("Both " + using + " and " + file + " declare packages.", "Keep the packages: list in one of them, as dbt requires.");
            }
            using = file;
            if (!(map.get("packages") instanceof ListNode list)) {
                throw new TestbedException(file + ", line " + map.get("packages").line() + ": packages: must be a list.", "Write each package as '- local: ...' or '- package: ...'.");
            }
            for (Node item : list.items()) {
                declared.add(entry(root, file, item));
            }
        }
        return declared;
    }

    private static Declared entry(Path root, String file, Node item) {
        if (!(item instanceof MapNode entry)) {
            throw new TestbedException(file + ", line " + item.line() + ": a package entry must be a mapping.", "Write it as '- local: <folder>' or '- package: <org>/<name>'.");
        }
        if (entry.get("local") != null) {
            String folder = String.valueOf(entry.get("local").plain());
            return new Declared(file, entry.line(), "local: " + folder, root.resolve(folder).normalize(), null);
        }
        for (String kind : List.of("package", "git", "tarball", "private")) {
            if (entry.get(kind) != null) {
                String source = String.valueOf(entry.get(kind).plain());
                Object version = entry.get("version") != null ? entry.get("version").plain() : entry.get("revision") != null ? entry.get("revision").plain() : null;
                String what = "'" + source + "'" + (version == null ? "" : " (" + (entry.get("version") != null ? "version " : "revision ") + version + ")");
                // a hub package is installed under its name, the part after the organisation
                String hubName = kind.equals("package") ? source.substring(source.lastIndexOf('/') + 1) : null;
                return new Declared(file, entry.line(), what, null, hubName);
            }
        }
        throw new TestbedException(file + ", line " + entry.line() + ": a package entry needs local:, package:, git:, tarball: or private:.",
                "See dbt's packages.yml format; this engine reads local: folders and what dbt deps installed.");
    }

    /** Reads a package folder's name; {@code declaredAs} is the entry that named it, null for a folder of the install path. */
    private static Found read(Path dir, Declared declaredAs) {
        Path projectFile = dir.resolve(ProjectLoader.PROJECT_FILE);
        if (!Files.isRegularFile(projectFile)) {
            String where = declaredAs == null ? "" : declaredAs.file() + ", line " + declaredAs.line() + ": ";
            throw new TestbedException(where + "the package folder " + dir + " has no " + ProjectLoader.PROJECT_FILE + ".",
                    declaredAs == null ? "Run 'dbt deps' again, or remove the folder." : "Point local: at the package's folder (the one holding its dbt_project.yml).");
        }
        Node top = YamlTree.parse(dir.getFileName() + "/" + ProjectLoader.PROJECT_FILE, read(projectFile), warning -> {
        });
        Object name = top instanceof MapNode map && map.get("name") != null ? map.get("name").plain() : null;
        if (name == null || String.valueOf(name).isBlank()) {
            throw new TestbedException(projectFile + " has no name:.", "A package's dbt_project.yml names it; its macros are called as <name>.macro().");
        }
        return new Found(String.valueOf(name), dir);
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("__")).sorted().toList();
        } catch (IOException e) {
            throw new TestbedException("Cannot list " + dir + ": " + e.getMessage(), "Check the folder's permissions.", e);
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + file + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
    }
}
