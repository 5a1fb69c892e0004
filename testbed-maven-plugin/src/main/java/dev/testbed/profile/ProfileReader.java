package dev.testbed.profile;

import dev.testbed.core.ExtensionNeeds;
import dev.testbed.core.FileErrors;
import dev.testbed.core.Reporter;
import dev.testbed.core.SessionSetup;
import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the profile a dbt project names, as dbt-core's Profile.render does: the {@code profile:} of dbt_project.yml,
 * looked up in profiles.yml ({@link ProfilesLookup}); the target given, else the profile's {@code target:}, else
 * {@code default}; only that output rendered (so an env var another output needs may be unset). A duckdb output is
 * then read as dbt-duckdb reads it, with the DuckLake its {@code database} names as the warehouse.
 */
public final class ProfileReader {

    /** dbt-duckdb output keys the plugin applies; any other is reported as ignored. */
    private static final Set<String> APPLIED = Set.of("type", "path", "attach", "database", "schema", "threads", "settings",
            "extensions", "secrets");

    private final ProfilesLookup lookup;
    private final Map<String, String> environment;
    private final Map<String, Object> vars;
    private final Reporter reporter;

    public ProfileReader(ProfilesLookup lookup, Map<String, String> environment, Map<String, Object> vars, Reporter reporter) {
        this.lookup = lookup;
        this.environment = environment;
        this.vars = vars;
        this.reporter = reporter;
    }

    /**
     * The profile of the project in {@code projectDir}, with target {@code targetOverride} (null for the profile's
     * own); empty when dbt_project.yml names no profile, or names one but no profiles.yml exists (the plugin's own
     * settings then apply).
     */
    public Optional<DuckDbProfile> read(Path projectDir, String targetOverride) {
        Path projectFile = projectDir.resolve("dbt_project.yml");
        if (!Files.isRegularFile(projectFile)) {
            return Optional.empty();
        }
        String text = readText(projectFile);
        if (!text.contains("profile")) {
            return Optional.empty(); // no profile: key, and no YAML parser to load for a build that may have nothing else to do
        }
        Node project = YamlTree.parse("dbt_project.yml", text, reporter::warn);
        Node profileName = project instanceof MapNode map ? map.get("profile") : null;
        if (!(profileName instanceof Scalar name) || name.text() == null || name.text().isBlank()) {
            return Optional.empty();
        }
        Optional<Path> file = lookup.find();
        if (file.isEmpty()) {
            // dbt stops here; the plugin can go on with its own settings, but says so, since dbt would not build
            reporter.warn("dbt_project.yml names the profile '" + name.text() + "', but there is no profiles.yml in " + lookup.searched()
                    + "; the plugin's own lake settings apply (dbt would stop here). Add a profiles.yml, or remove profile: to silence this.");
            return Optional.empty();
        }
        return Optional.of(read(file.get(), name.text(), targetOverride, projectDir));
    }

    DuckDbProfile read(Path file, String profileName, String targetOverride, Path projectDir) {
        String fileName = file.toString();
        Node root = YamlTree.parse(fileName, readText(file), reporter::warn);
        Map<String, Node> profiles = root instanceof MapNode map ? map.entries() : Map.of();
        Node profile = profiles.get(profileName);
        if (!(profile instanceof MapNode profileMap)) {
            List<String> names = profiles.keySet().stream().filter(key -> !key.equals("config")).toList();
            throw new TestbedException("dbt_project.yml names the profile '" + profileName + "', but " + fileName
                    + (profile == null ? " has no such profile" : " has it empty or not as a map") + "; its profiles: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ".",
                    "Name one of them in dbt_project.yml (profile: …), or add the profile to " + fileName + ".");
        }
        ProfileRenderer renderer = new ProfileRenderer(environment, vars, fileName);
        String target = targetOverride;
        if (target == null || target.isBlank()) {
            Node defaultTarget = profileMap.get("target");
            target = defaultTarget instanceof Scalar scalar && scalar.text() != null
                    ? renderer.render(scalar.text(), scalar.line(), profileName + ".target") : "default";
        }
        Node outputs = profileMap.get("outputs");
        if (!(outputs instanceof MapNode outputMap)) {
            throw new TestbedException(fileName + ", line " + profileMap.line() + ": the profile '" + profileName + "' has no outputs.",
                    "Give it outputs: with one entry per target, as dbt requires.");
        }
        Node output = outputMap.get(target);
        if (!(output instanceof MapNode chosen)) {
            throw new TestbedException(fileName + ": the profile '" + profileName + "' has no target named '" + target
                    + "'; its targets: " + String.join(", ", outputMap.entries().keySet()) + ".",
                    "Choose one of them with -Dtestbed.target, or set the profile's target: to one of them.");
        }
        return new OutputReader(fileName, profileName + ".outputs." + target, renderer, projectDir, reporter)
                .duckDb(file, profileName, target, chosen);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + file + ": " + FileErrors.reason(e).text() + ".", "Check that the file is readable.", e);
        }
    }

    /** Reads one rendered duckdb output. */
    private record OutputReader(String fileName, String keyPrefix, ProfileRenderer renderer, Path projectDir, Reporter reporter) {

        DuckDbProfile duckDb(Path file, String profile, String target, MapNode output) {
            String type = text(output, "type");
            if (!"duckdb".equals(type)) {
                throw failure(output, "type", (type == null ? "the target has no type" : "the target is of type '" + type + "'")
                                + ", but the plugin builds only on DuckDB (with DuckLake).",
                        "Build this project with dbt itself, or give it a target of type: duckdb that attaches a DuckLake.");
            }
            output.entries().forEach((key, value) -> {
                if (!APPLIED.contains(key)) {
                    reporter.warn(where(value, key) + ": the plugin does not apply this dbt-duckdb setting; it is ignored.");
                }
            });
            String path = text(output, "path");
            String databasePath = path == null || path.equals(SessionSetup.IN_MEMORY) ? SessionSetup.IN_MEMORY : localPath(path);
            List<SessionSetup.Step> steps = new ArrayList<>();
            List<String> extensions = extensions(output.get("extensions"));
            steps.addAll(secrets(output.get("secrets")));
            String database = text(output, "database");
            DuckDbProfile.LakeAttachment lake = null;
            Node attach = output.get("attach");
            List<Node> attachments = attach instanceof ListNode list ? list.items() : List.of();
            for (int i = 0; i < attachments.size(); i++) {
                if (!(attachments.get(i) instanceof MapNode entry)) {
                    throw failure(attachments.get(i), "attach[" + i + "]", "an attach entry must be a map with path: and alias:.", "Fix the entry.");
                }
                String alias = text(entry, "alias");
                if (database != null && database.equals(alias)) {
                    lake = lakeAttachment(entry, "attach[" + i + "]");
                } else {
                    steps.add(new SessionSetup.Step(attachSql(entry), "attach of " + text(entry, "path") + " (" + where(entry, "attach[" + i + "]") + ")",
                            ExtensionNeeds.ofAttachment(text(entry, "type"), text(entry, "path"))));
                }
            }
            if (lake == null) {
                String named = database == null ? "no database (dbt-duckdb then builds into the in-memory database)" : "database: " + database;
                throw failure(output, "database", "the target has " + named + ", which is not the alias of a DuckLake it attaches; the plugin builds"
                                + " only into a DuckLake.",
                        "Attach the warehouse (attach: - path: 'ducklake:<catalog>', alias: <name>, options: {data_path: <folder>}) and set database: <name>.");
            }
            Node settings = output.get("settings");
            if (settings instanceof MapNode settingMap) {
                settingMap.entries().forEach((key, value) -> steps.add(new SessionSetup.Step("SET " + key + " = "
                        + Sql.literal(scalar(value, "settings." + key)), "setting " + key + " (" + where(value, "settings." + key) + ")")));
            }
            String threads = text(output, "threads");
            Integer threadCount = null;
            if (threads != null) {
                try {
                    threadCount = Integer.parseInt(threads.strip());
                } catch (NumberFormatException e) {
                    throw failure(output.get("threads"), "threads", "threads must be a whole number, not '" + threads + "'.", "Fix the value.");
                }
            }
            return new DuckDbProfile(file, profile, target, lake, text(output, "schema"), threadCount,
                    new SessionSetup(databasePath, extensions, steps));
        }

        private DuckDbProfile.LakeAttachment lakeAttachment(MapNode entry, String key) {
            String path = text(entry, "path");
            boolean ducklake = path != null && path.startsWith("ducklake:") || "ducklake".equals(text(entry, "type"))
                    || "true".equals(text(entry, "is_ducklake"));
            if (!ducklake) {
                throw failure(entry, key, "the database the target builds into, " + text(entry, "alias") + ", is not a DuckLake (" + path
                        + "); the plugin builds only into a DuckLake.", "Attach a DuckLake under that alias: path: 'ducklake:<catalog>'.");
            }
            if ("true".equals(text(entry, "read_only"))) {
                throw failure(entry, key, "the DuckLake the target builds into is attached read_only.", "Remove read_only from that entry.");
            }
            String catalog = path.replaceFirst("^ducklake:", "");
            catalog = isUrl(catalog) ? catalog : localPath(catalog);
            Node options = entry.get("options");
            String dataPath = null;
            if (options instanceof MapNode optionMap) {
                optionMap.entries().forEach((option, value) -> {
                    if (!option.equals("data_path")) {
                        reporter.warn(where(value, key + ".options." + option) + ": the plugin attaches the warehouse only with its data_path;"
                                + " this option is ignored.");
                    }
                });
                dataPath = optionMap.get("data_path") == null ? null : scalar(optionMap.get("data_path"), key + ".options.data_path");
            }
            // DuckLake's own default when a new lake is created without DATA_PATH (checked with DuckDB 1.5.5)
            dataPath = dataPath == null ? catalog + ".files/" : isUrl(dataPath) ? dataPath : localPath(dataPath);
            return new DuckDbProfile.LakeAttachment(catalog, dataPath, text(entry, "alias"));
        }

        /** dbt-duckdb's Attachment.to_sql, for the plugin's own connections; relative files are the project's. */
        private String attachSql(MapNode entry) {
            String path = text(entry, "path");
            String alias = text(entry, "alias");
            List<String> options = new ArrayList<>();
            if (text(entry, "type") != null) {
                options.add("TYPE " + text(entry, "type"));
            }
            if (text(entry, "secret") != null) {
                options.add("SECRET " + text(entry, "secret"));
            }
            if ("true".equals(text(entry, "read_only"))) {
                options.add("READ_ONLY");
            }
            if (entry.get("options") instanceof MapNode optionMap) {
                optionMap.entries().forEach((option, value) -> {
                    String text = scalar(value, "options." + option);
                    if (value instanceof Scalar plain && plain.value() instanceof Boolean flag) {
                        if (flag) {
                            options.add(option.toUpperCase());
                        }
                    } else if (value instanceof Scalar plain && plain.value() instanceof Number) {
                        options.add(option.toUpperCase() + " " + text);
                    } else if (text != null) {
                        options.add(option.toUpperCase() + " " + Sql.literal(text));
                    }
                });
            }
            return "ATTACH IF NOT EXISTS " + Sql.literal(isUrl(path) || path.equals(SessionSetup.IN_MEMORY) ? path : localPath(path))
                    + (alias == null ? "" : " AS " + alias) + (options.isEmpty() ? "" : " (" + String.join(", ", options) + ")");
        }

        private List<String> extensions(Node node) {
            List<String> names = new ArrayList<>();
            if (node instanceof ListNode list) {
                for (Node item : list.items()) {
                    names.add(item instanceof MapNode map ? text(map, "name") : scalar(item, "extensions"));
                }
            }
            return names;
        }

        /** dbt-duckdb's Secret.to_sql: unnamed secrets are called {@code _dbt_secret_<n>}. */
        private List<SessionSetup.Step> secrets(Node node) {
            List<SessionSetup.Step> steps = new ArrayList<>();
            if (!(node instanceof ListNode list)) {
                return steps;
            }
            for (int i = 0; i < list.items().size(); i++) {
                if (!(list.items().get(i) instanceof MapNode secret)) {
                    throw failure(list.items().get(i), "secrets[" + i + "]", "a secret must be a map with type: and its parameters.", "Fix the entry.");
                }
                String name = text(secret, "name") == null ? "_dbt_secret_" + (i + 1) : text(secret, "name");
                boolean persistent = "true".equals(text(secret, "persistent"));
                List<String> parameters = new ArrayList<>();
                for (Map.Entry<String, Node> parameter : secret.entries().entrySet()) {
                    String key = parameter.getKey();
                    if (key.equals("name") || key.equals("persistent")) {
                        continue;
                    }
                    if (key.equals("scope") && parameter.getValue() instanceof ListNode scopes) {
                        scopes.items().forEach(scope -> parameters.add("SCOPE " + Sql.literal(scalar(scope, "secrets[].scope"))));
                        continue;
                    }
                    String value = scalar(parameter.getValue(), "secrets[" + i + "]." + key);
                    parameters.add(key + " " + (key.equals("type") || key.equals("provider") ? value : Sql.literal(value)));
                }
                steps.add(new SessionSetup.Step("CREATE OR REPLACE" + (persistent ? " PERSISTENT" : "") + " SECRET " + name + " ("
                        + String.join(", ", parameters) + ")", "secret " + name + " (" + where(secret, "secrets[" + i + "]") + ")",
                        ExtensionNeeds.ofType(text(secret, "type"))));
            }
            return steps;
        }

        private String text(MapNode map, String key) {
            Node node = map.get(key);
            return node == null ? null : scalar(node, key);
        }

        private String scalar(Node node, String key) {
            if (!(node instanceof Scalar scalar)) {
                throw failure(node, key, "a single value is expected here.", "Write it as a single value.");
            }
            return renderer.render(scalar.text(), scalar.line(), keyPrefix + "." + key);
        }

        private String localPath(String path) {
            // a folder's trailing slash is kept: DuckLake's data path is a folder
            return projectDir.resolve(path).toAbsolutePath().normalize() + (path.endsWith("/") ? "/" : "");
        }

        private static boolean isUrl(String path) {
            return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !path.matches("^[a-zA-Z]:[\\\\/].*");
        }

        private String where(Node node, String key) {
            return fileName + ", line " + node.line() + " (" + keyPrefix + "." + key + ")";
        }

        private TestbedException failure(Node node, String key, String problem, String suggestion) {
            return new TestbedException(where(node, key) + ": " + problem, suggestion);
        }
    }
}
