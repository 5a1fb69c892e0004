package dev.testbed.tests;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Relation;
import dev.testbed.compile.SingleQuery;
import dev.testbed.compile.Target;
import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.ColumnProperties;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.Package;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import dev.testbed.results.DataTest;
import dev.testbed.results.Drift;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestName;
import dev.testbed.results.Threshold;
import dev.testbed.state.ProjectMacros;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Collects the generic data tests declared in properties files ({@code tests:} / {@code data_tests:} on models, seeds,
 * sources and their columns) and compiles each to dbt's query returning the failing rows.
 *
 * <p>Supported: {@code unique}, {@code not_null}, {@code accepted_values} ({@code values}, {@code quote}),
 * {@code relationships} ({@code to: ref('x')} or {@code source('s', 't')}, {@code field}), and dbt_utils'
 * {@code unique_combination_of_columns}, {@code expression_is_true} and {@code accepted_range} (with or without the
 * {@code dbt_utils.} prefix), and the drift tests {@code drift} and {@code row_count_drift}. Config ({@code severity},
 * {@code warn_if}, {@code error_if}, {@code where}, {@code limit}, {@code enabled}) may sit next to the arguments or under {@code config:}; arguments may
 * also sit under {@code arguments:}.
 */
public final class TestCollector {

    /**
     * The keys of a test that are not arguments of its macro (nor parts of its name): dbt's TestBuilder.CONFIG_ARGS, and
     * {@code config}, {@code arguments}, {@code name} and {@code description}.
     */
    private static final Set<String> CONFIG_KEYS = Set.of("severity", "tags", "enabled", "where", "limit", "warn_if", "error_if", "fail_calc",
            "store_failures", "store_failures_as", "meta", "database", "schema", "alias", "config", "arguments", "name", "description");
    /** The built-in tests that compare a relation with its previous version. */
    private static final Set<String> DRIFT_TESTS = Set.of("drift", "row_count_drift");
    /** dbt's built-in tests whose SQL a project may replace through dispatch (test_unique calls default__test_unique, ...). */
    private static final Set<String> DISPATCHED_BUILT_INS = Set.of("unique", "not_null", "accepted_values", "relationships");
    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");
    private static final Pattern SOURCE = Pattern.compile("\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    private final Project project;
    private final ModelCompiler compiler;
    private final ModelGraph graph;
    private final Map<String, Integer> names = new HashMap<>();
    private final String projectName;
    private final ProjectMacros macros;
    /** How each test that queries the lake while compiling is compiled where it runs, by test name. */
    private final Map<String, Function<CompileContext, String>> atRun = new LinkedHashMap<>();
    /** The collected tests that can share scans over their relation, and how, by test name. */
    private final Map<String, FusedCheck> fusable = new LinkedHashMap<>();

    public TestCollector(Project project, ModelCompiler compiler, ModelGraph graph) {
        this.project = project;
        this.compiler = compiler;
        this.graph = graph;
        this.projectName = project.name();
        this.macros = ProjectMacros.of(project, "");
    }

    /** The collected tests that query the lake while compiling, and how each is compiled again where it runs. */
    public IntrospectingTests introspecting() {
        return new IntrospectingTests(Map.copyOf(atRun), context());
    }

    /** The collected tests that can share a scan of their relation with others (after {@link #collect}). */
    public FusableTests fusable() {
        return new FusableTests(fusable);
    }

    /** Every enabled test of the enabled models, seeds and sources, in declaration order. */
    public List<DataTest> collect() {
        List<DataTest> tests = new ArrayList<>();
        for (ParsedModel model : graph.models()) {
            ModelProperties properties = project.properties().get(model.name());
            if (properties == null) {
                continue;
            }
            Node node = new Node(model.name(), model.name(), false, "ref('" + model.name() + "')", Set.of(model.name()),
                    model.config().materialized() == Materialization.EPHEMERAL ? null : compiler.relationFor(model));
            addAll(tests, node, null, properties.tests());
            for (ColumnProperties column : properties.columns()) {
                addAll(tests, node, column.name(), column.tests());
            }
        }
        for (SourceTable table : project.sources()) {
            Node node = new Node("source:" + table.sourceName() + "." + table.tableName(), table.sourceName() + "_" + table.tableName(), true,
                    "source('" + table.sourceName() + "', '" + table.tableName() + "')", Set.of(), compiler.sourceRelation(table.key()));
            addAll(tests, node, null, table.tests());
            for (ColumnProperties column : table.columns()) {
                addAll(tests, node, column.name(), column.tests());
            }
        }
        tests.addAll(singular(project.root(), projectName, project.testConfig()));
        // dbt runs a package's singular tests too, named test.<package>.<file name>, in the package's macro namespace
        for (Package dependency : project.packages()) {
            tests.addAll(singular(dependency.root(), dependency.name(), dependency.testConfig()));
        }
        return tests;
    }

    /**
     * Singular tests: {@code tests/**.sql} (outside {@code tests/generic/}), each a query returning the failing rows, with
     * {@code ref}, {@code source}, {@code config} and macros. The test is named after its file and goes with the models it refs.
     * {@code root} is the project's or a package's folder, {@code defaults} the {@code data_tests:} config of dbt_project.yml for it.
     */
    private List<DataTest> singular(Path root, String packageName, Map<String, Object> defaults) {
        Path dir = root.resolve("tests");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> f.toString().endsWith(".sql") && Files.isRegularFile(f) && !dir.relativize(f).startsWith("generic")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list singular tests under " + dir, e);
        }
        List<DataTest> tests = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            TestName id = unique(TestNames.plain(packageName, fileName.substring(0, fileName.length() - ".sql".length())));
            String name = id.name();
            String relative = project.root().relativize(file).toString().replace('\\', '/');
            Set<String> models = new LinkedHashSet<>();
            TestConfig config = TestConfig.DEFAULT;
            try {
                ModelFile modelFile = new ModelFile(name, file, relative, Files.readString(file, StandardCharsets.UTF_8));
                ParsedModel parsed = compiler.parseSingularTest(modelFile, packageName);
                Map<String, Object> effective = withDefaults(defaults, parsed.config().raw());
                config = TestConfig.of(effective, audit(id, effective));
                for (String ref : parsed.refs()) {
                    if (graph.contains(ref)) {
                        models.add(ref);
                    }
                }
                // as in dbt, a test that queries while compiling is compiled when it runs, seeing what the build made before it
                boolean introspects = macros.introspects(modelFile.sql());
                String sql = SingleQuery.withoutTerminator(introspects ? compiler.renderParsing(parsed, packageName)
                        : compiler.compileSingularTest(parsed, context(), packageName));
                if (introspects) {
                    atRun.put(name, context -> SingleQuery.withoutTerminator(compiler.compileSingularTest(parsed, context, packageName)));
                }
                tests.add(new DataTest(id, "singular", models.isEmpty() ? "singular" : models.iterator().next(), null, config, sql, null,
                        Set.copyOf(models), relative, introspects));
            } catch (IOException | TestbedException | IllegalArgumentException e) {
                tests.add(new DataTest(id, "singular", "singular", null, config, null, relative + ": " + e.getMessage(), Set.copyOf(models), relative));
            }
        }
        return tests;
    }

    private CompileContext context() {
        return new CompileContext(this::refRelation, compiler::sourceRelation, false, null);
    }

    /**
     * dbt's audit table for {@code store_failures}: in schema {@code <target schema>_dbt_test__audit}, named by the test's
     * {@code alias} config, else its short name (the hashed form for names of 64 characters or more, as dbt aliases them).
     */
    private TestConfig.AuditTable audit(TestName id, Map<String, Object> config) {
        Target target = compiler.target();
        String schema = target.schema() + TestConfig.AUDIT_SCHEMA_SUFFIX;
        String table = config.get("alias") instanceof String alias && !alias.isBlank() ? alias.strip() : id.shortName();
        return new TestConfig.AuditTable(target.catalog() + "." + Sql.identifier(schema), table, target.relation(schema, table));
    }

    private String refRelation(String name) {
        if (!graph.contains(name) || graph.model(name).config().materialized() == Materialization.EPHEMERAL) {
            return null;
        }
        return compiler.relationFor(graph.model(name));
    }

    /**
     * What a test is attached to.
     *
     * @param target   what goes into synthesized test names: the model's name, or {@code <source>_<table>}
     * @param dbtModel how dbt's test metadata names it: {@code ref('orders')} or {@code source('raw', 'orders')}
     */
    private record Node(String suite, String target, boolean onSource, String dbtModel, Set<String> models, String relation) {
    }

    private void addAll(List<DataTest> tests, Node node, String column, List<Object> declared) {
        if (declared == null) {
            return;
        }
        for (Object entry : declared) {
            DataTest test = compile(node, column, entry);
            if (test != null) {
                tests.add(test);
            }
        }
    }

    private DataTest compile(Node node, String column, Object entry) {
        String type;
        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        if (entry instanceof String text) {
            type = text.strip();
        } else if (entry instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            type = String.valueOf(only.getKey());
            if (only.getValue() instanceof Map<?, ?> values) {
                values.forEach((key, value) -> {
                    String name = String.valueOf(key);
                    if (name.equals("config") && value instanceof Map<?, ?> nested) {
                        nested.forEach((k, v) -> config.put(String.valueOf(k), v));
                    } else if (name.equals("arguments") && value instanceof Map<?, ?> nested) {
                        nested.forEach((k, v) -> args.put(String.valueOf(k), v));
                    } else if (CONFIG_KEYS.contains(name)) {
                        config.put(name, value);
                    } else {
                        args.put(name, value);
                    }
                });
            } else if (only.getValue() != null) {
                return error(node, column, type, "the arguments of test " + type + " must be a mapping, got " + only.getValue());
            }
        } else {
            return error(node, column, String.valueOf(entry), "a test must be a name or a mapping of one test name to its arguments, got "
                    + entry);
        }
        Map<String, Object> effective = withProjectDefaults(config);
        if (effective.containsKey("enabled") && !Boolean.parseBoolean(String.valueOf(effective.get("enabled")))) {
            return null;
        }
        Map<String, Object> nameArgs = new LinkedHashMap<>(args);
        if (column != null) {
            nameArgs.putIfAbsent("column_name", column);
        }
        if (args.containsKey("column_name")) {
            column = String.valueOf(args.remove("column_name"));
        }
        int dot = type.lastIndexOf('.');
        TestNames.Metadata metadata = TestNames.Metadata.of(type.substring(dot + 1), dot < 0 ? null : type.substring(0, dot), nameArgs, node.dbtModel());
        // a test belongs to the package whose properties declare it: a package's model is described by the package's own YAML
        String testPackage = project.packageOf(node.suite());
        TestName name = unique(effective.get("name") instanceof String given && !given.isBlank() ? TestNames.given(testPackage, given.strip(), metadata)
                : TestNames.synthesized(testPackage, metadata, node.target(), node.onSource()));
        TestConfig testConfig;
        try {
            testConfig = TestConfig.of(effective, audit(name, effective));
        } catch (IllegalArgumentException e) {
            return new DataTest(name, type, node.suite(), column, TestConfig.DEFAULT, null, e.getMessage(), node.models(), null);
        }
        Set<String> models = new LinkedHashSet<>(node.models());
        try {
            if (node.relation() == null) {
                throw new TestbedException("ephemeral model " + node.suite() + " cannot be tested", null);
            }
            String origin = "test " + name.name() + " on " + node.suite() + (column == null ? "" : ", column " + column);
            Object where = compiler.renderTestArgument(effective.get("where"), context(), origin);
            String model = filtered(node.relation(), where);
            Map<String, Object> arguments = rendered(args, origin);
            String kind = type.replaceFirst("^(dbt_utils|dbt_expectations)\\.", "");
            // a project's own generic test wins over a built-in of the same name, as in dbt; so does its dispatch override of
            // one of dbt's four (default__test_unique ...), which the built-in dbt package's test macro then calls
            boolean own = compiler.hasGenericTest(type);
            String override = !own && DISPATCHED_BUILT_INS.contains(type) ? compiler.builtInTestOverride(type) : null;
            Object limit = effective.get("limit");
            String limitClause = limit == null ? "" : "\nlimit " + Long.parseLong(String.valueOf(limit).strip());
            GenericCall call = own || override != null ? custom(node, model, type, column, arguments, models) : null;
            boolean introspects = call != null && macros.introspects("{{ " + testMacro(type) + "() }}");
            Drift drift = call == null && DRIFT_TESTS.contains(kind) ? drift(node, kind, where, arguments, testConfig) : null;
            if (introspects) {
                atRun.put(name.name(), context -> call.compiled(context) + limitClause);
            }
            String sql = call != null ? (introspects ? call.parsed() : call.compiled(context())) : switch (kind) {
                case "unique" -> unique(model, requireColumn(type, column));
                case "not_null" -> notNull(model, requireColumn(type, column));
                case "accepted_values" -> acceptedValues(model, requireColumn(type, column), arguments);
                case "relationships" -> relationships(model, requireColumn(type, column), arguments, models);
                case "unique_combination_of_columns" -> uniqueCombination(model, arguments);
                case "expression_is_true" -> expressionIsTrue(model, column, arguments);
                case "accepted_range" -> acceptedRange(model, requireColumn(type, column), arguments);
                case "scd2_history" -> scd2History(model, column, arguments);
                case "reconciliation" -> reconciliation(model, arguments, models);
                case "row_count", "expect_table_row_count_to_be_between" -> rowCount(model, arguments);
                case "drift", "row_count_drift" -> "-- " + kind + ": at most " + drift.maxChange() + " from the previous version of "
                        + drift.table() + "\n" + drift.query(null);
                default -> throw new TestbedException("unknown generic test '" + type + "' (built in: unique, not_null, accepted_values, "
                        + "relationships, unique_combination_of_columns, expression_is_true, accepted_range, scd2_history, reconciliation, row_count, "
                        + "drift, row_count_drift; "
                        + "or define {% test " + kind + "(model, column_name) %} in tests/generic/ or a macro file)", null);
            };
            String file = override != null ? override : compiler.genericTestFile(type);
            // a project's own test is counted by its own query's condition, if that query turns out to be a plain filter
            FusedCheck check = !model.equals(node.relation()) || limit != null || !plainConfig(testConfig) || introspects ? null
                    : call != null ? new FusedCheck.Filter(model, sql) : fusedCheck(kind, model, column, arguments, models);
            if (check != null) {
                fusable.put(name.name(), check);
            }
            return new DataTest(name, type, node.suite(), column, testConfig, sql + limitClause, null, Set.copyOf(models), file, introspects, drift);
        } catch (TestbedException e) {
            return new DataTest(name, type, node.suite(), column, testConfig, null, e.getMessage(), Set.copyOf(models), null);
        } catch (NumberFormatException e) {
            return new DataTest(name, type, node.suite(), column, testConfig, null, "limit must be a number, got " + effective.get("limit"),
                    Set.copyOf(models), null);
        }
    }

    /**
     * The arguments rendered as dbt renders them (see {@link ModelCompiler#renderTestArgument}), except {@code ref()} and
     * {@code source()} calls, bare or in braces, which stay calls for the tests to resolve into relations they depend on.
     */
    private Map<String, Object> rendered(Map<String, Object> args, String origin) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        args.forEach((key, value) -> rendered.put(key, value instanceof String text && relationCall(text) != null ? relationCall(text)
                : compiler.renderTestArgument(value, context(), origin)));
        return rendered;
    }

    /** {@code ref('x')} or {@code source('s', 't')} if that is all the text says (in {@code {{ }}} or not), else null. */
    private static String relationCall(String text) {
        String call = text.strip();
        if (call.startsWith("{{") && call.endsWith("}}")) {
            call = call.substring(2, call.length() - 2).strip();
        }
        return REF.matcher(call).matches() || SOURCE.matcher(call).matches() ? call : null;
    }

    /** The project's {@code data_tests:} config from dbt_project.yml under a test's own; tags accumulate. */
    private Map<String, Object> withProjectDefaults(Map<String, Object> own) {
        return withDefaults(project.testConfig(), own);
    }

    /** dbt_project.yml's {@code data_tests:} config ({@code defaults}) under a test's own; tags accumulate. */
    private static Map<String, Object> withDefaults(Map<String, Object> defaults, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults == null ? Map.of() : defaults);
        own.forEach((key, value) -> {
            if (key.equals("tags") && merged.get("tags") != null && value != null) {
                Set<Object> tags = new LinkedHashSet<>();
                for (Object tagValue : List.of(merged.get("tags"), value)) {
                    if (tagValue instanceof Collection<?> many) {
                        tags.addAll(many);
                    } else {
                        tags.add(tagValue);
                    }
                }
                merged.put("tags", List.copyOf(tags));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private DataTest error(Node node, String column, String type, String message) {
        TestName name = unique(TestNames.plain(projectName, sanitize(type + "_" + node.target() + (column == null ? "" : "_" + column))));
        return new DataTest(name, type, node.suite(), column, TestConfig.DEFAULT, null, message, node.models(), null);
    }

    /**
     * A generic test the project defines: its macro is called with {@code model}, {@code column_name} (for a column's
     * test) and the declared arguments, where {@code ref('x')} and {@code source('s', 't')} strings become relations.
     */
    private GenericCall custom(Node node, String model, String type, String column, Map<String, Object> args, Set<String> models) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("model", model);
        if (column != null) {
            kwargs.put("column_name", column);
        }
        args.forEach((key, value) -> kwargs.put(key, value instanceof String text && (REF.matcher(text).matches() || SOURCE.matcher(text).matches())
                ? target(text, models) : value));
        String origin = "test " + type + " on " + node.suite() + (column == null ? "" : ", column " + column);
        return new GenericCall(type, kwargs, origin);
    }

    /** dbt's name of a generic test's macro: {@code test_x}, or {@code pkg.test_x} for a package's test {@code pkg.x}. */
    private static String testMacro(String type) {
        int dot = type.lastIndexOf('.');
        return type.substring(0, dot + 1) + "test_" + type.substring(dot + 1);
    }

    /** A call of a generic test's macro with its keyword arguments, rendered finally or as while parsing. */
    private final class GenericCall {
        private final String type;
        private final Map<String, Object> kwargs;
        private final String origin;

        GenericCall(String type, Map<String, Object> kwargs, String origin) {
            this.type = type;
            this.kwargs = kwargs;
            this.origin = origin;
        }

        String compiled(CompileContext context) {
            return SingleQuery.withoutTerminator(compiler.compileGenericTest(type, kwargs, context, origin));
        }

        String parsed() {
            return SingleQuery.withoutTerminator(compiler.parseGenericTest(type, kwargs, origin));
        }
    }

    private static String requireColumn(String type, String column) {
        if (column == null) {
            throw new TestbedException("test " + type + " needs a column: declare it under a column, or give column_name", null);
        }
        return column;
    }

    /** dbt wraps the tested relation when a {@code where} config is set. */
    private static String filtered(String relation, Object where) {
        if (where == null || String.valueOf(where).isBlank()) {
            return relation;
        }
        return "(select * from " + relation + " where " + where + ") dbt_subquery";
    }

    static String unique(String model, String column) {
        return "select " + column + " as unique_field, count(*) as n_records\nfrom " + model + "\nwhere " + column + " is not null\ngroup by "
                + column + "\nhaving count(*) > 1";
    }

    static String notNull(String model, String column) {
        return "select *\nfrom " + model + "\nwhere " + column + " is null";
    }

    /**
     * Whether a test's outcome depends only on whether it has failing rows: it keeps dbt's default thresholds (any
     * failing row warns or fails). One that stores its failures stores none when it passes.
     */
    private static boolean plainConfig(TestConfig config) {
        return config.warnIf().equals(Threshold.ANY) && config.errorIf().equals(Threshold.ANY);
    }

    /**
     * The aggregate that proves a built-in test passes, sharing a scan of its relation with the relation's other tests;
     * null for the kinds that do not share (unique_combination_of_columns, scd2_history and row_count group or window
     * over several columns, or count whole relations).
     */
    private FusedCheck fusedCheck(String kind, String model, String column, Map<String, Object> arguments, Set<String> models) {
        return switch (kind) {
            case "not_null" -> new FusedCheck.Rows(model, column + " is null");
            case "accepted_values" -> new FusedCheck.Rows(model, column + " not in (" + acceptedList(arguments) + ")");
            case "expression_is_true" -> new FusedCheck.Rows(model, "not (" + trueCondition(column, arguments) + ")");
            case "accepted_range" -> new FusedCheck.Rows(model, "not (" + rangeCondition(column, arguments) + ")");
            case "unique" -> new FusedCheck.Unique(model, column);
            case "relationships" -> new FusedCheck.Relationship(model, column, target(String.valueOf(arguments.get("to")), models),
                    String.valueOf(arguments.get("field")));
            case "reconciliation" -> new FusedCheck.Reconciliation(model, String.valueOf(arguments.get("expression")),
                    target(String.valueOf(arguments.get("compare_model")), models),
                    String.valueOf(arguments.getOrDefault("compare_expression", arguments.get("expression"))),
                    String.valueOf(arguments.getOrDefault("tolerance", 0)));
            default -> null;
        };
    }

    /**
     * A drift test: {@code drift} compares {@code expression} (an aggregate, e.g. {@code sum(total_revenue)}),
     * {@code row_count_drift} the row count, with the relation's previous version, within {@code max_change}.
     */
    private static Drift drift(Node node, String kind, Object where, Map<String, Object> args, TestConfig config) {
        Object expression = kind.equals("row_count_drift") ? "count(*)" : args.get("expression");
        if (expression == null || String.valueOf(expression).isBlank()) {
            throw new TestbedException("drift needs expression: (an aggregate of the model, e.g. sum(total_revenue)) and max_change: (e.g. 5% or "
                    + "1000); for the row count use row_count_drift with max_change:", null);
        }
        if (config.storeFailures() != null) {
            throw new TestbedException(kind + " has no failing rows to store: its one row of values is in the test's output; remove store_failures",
                    null);
        }
        Drift.MaxChange maxChange;
        try {
            maxChange = Drift.MaxChange.parse(args.get("max_change"));
        } catch (IllegalArgumentException e) {
            throw new TestbedException(kind + ": " + e.getMessage(), null);
        }
        Relation relation = Relation.parse(node.relation());
        return new Drift(relation.getDatabase(), relation.getSchema() + "." + relation.getIdentifier(), node.relation(),
                where == null || String.valueOf(where).isBlank() ? null : String.valueOf(where), String.valueOf(expression), maxChange);
    }

    private static String acceptedValues(String model, String column, Map<String, Object> args) {
        String list = acceptedList(args);
        return "with all_values as (\n    select " + column + " as value_field, count(*) as n_records\n    from " + model + "\n    group by "
                + column + "\n)\nselect *\nfrom all_values\nwhere value_field not in (" + list + ")";
    }

    /** The accepted values as an SQL list: quoted unless {@code quote: false}. */
    private static String acceptedList(Map<String, Object> args) {
        if (!(args.get("values") instanceof List<?> values) || values.isEmpty()) {
            throw new TestbedException("accepted_values needs a non-empty list of values, e.g. values: ['a', 'b']", null);
        }
        boolean quote = args.get("quote") == null || Boolean.parseBoolean(String.valueOf(args.get("quote")));
        return values.stream().map(v -> quote ? Sql.literal(String.valueOf(v)) : String.valueOf(v)).collect(Collectors.joining(", "));
    }

    /** dbt_utils' {@code unique_combination_of_columns}: the combinations that occur more than once. */
    private static String uniqueCombination(String model, Map<String, Object> args) {
        if (!(args.get("combination_of_columns") instanceof List<?> columns) || columns.isEmpty()) {
            throw new TestbedException("unique_combination_of_columns needs combination_of_columns: [a, b]", null);
        }
        String list = columns.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "select " + list + ", count(*) as n_records\nfrom " + model + "\ngroup by " + list + "\nhaving count(*) > 1";
    }

    /** dbt_utils' {@code expression_is_true}: the rows where the expression (after the column, on a column) is not true. */
    private static String expressionIsTrue(String model, String column, Map<String, Object> args) {
        return "select *\nfrom " + model + "\nwhere not (" + trueCondition(column, args) + ")";
    }

    /** What expression_is_true expects of every row: the expression, after the column on a column. */
    private static String trueCondition(String column, Map<String, Object> args) {
        Object expression = args.get("expression");
        if (expression == null || String.valueOf(expression).isBlank()) {
            throw new TestbedException("expression_is_true needs expression:, e.g. expression: \"amount = unit_price * quantity\"", null);
        }
        return column == null ? String.valueOf(expression) : column + " " + expression;
    }

    /** dbt_utils' {@code accepted_range}: the rows outside {@code min_value}..{@code max_value} (inclusive unless inclusive: false). */
    private static String acceptedRange(String model, String column, Map<String, Object> args) {
        return "select *\nfrom " + model + "\nwhere not (" + rangeCondition(column, args) + ")";
    }

    /** What accepted_range expects of every row: the column within the bounds. */
    private static String rangeCondition(String column, Map<String, Object> args) {
        Object min = args.get("min_value");
        Object max = args.get("max_value");
        if (min == null && max == null) {
            throw new TestbedException("accepted_range needs min_value:, max_value: or both", null);
        }
        boolean inclusive = args.get("inclusive") == null || Boolean.parseBoolean(String.valueOf(args.get("inclusive")));
        List<String> conditions = new ArrayList<>();
        if (min != null) {
            conditions.add(column + (inclusive ? " >= " : " > ") + min);
        }
        if (max != null) {
            conditions.add(column + (inclusive ? " <= " : " < ") + max);
        }
        return String.join(" and ", conditions);
    }

    /**
     * SCD2 history per key: versions ordered by valid-from must chain without gaps or overlaps (each valid-to is the next
     * version's valid-from, only the last is open), and exactly one version is current, the last. Failing rows are the
     * versions breaking a rule, with the rule in {@code problem}.
     */
    private static String scd2History(String model, String column, Map<String, Object> args) {
        Object key = args.getOrDefault("key", column);
        if (key == null) {
            throw new TestbedException("scd2_history needs key: (or declare it on the key column)", null);
        }
        String from = String.valueOf(args.getOrDefault("valid_from", "valid_from"));
        String to = String.valueOf(args.getOrDefault("valid_to", "valid_to"));
        String current = String.valueOf(args.getOrDefault("current", "is_current"));
        return "with versions as (\n    select " + key + " as scd2_key, " + from + " as valid_from, " + to + " as valid_to, " + current
                + " as is_current,\n        lead(" + from + ") over (partition by " + key + " order by " + from + ") as next_valid_from,\n"
                + "        count(*) filter (where " + current + ") over (partition by " + key + ") as current_versions\n    from " + model
                + "\n),\nchecked as (\n    select *, case\n"
                + "        when current_versions <> 1 then 'key has ' || current_versions || ' current versions'\n"
                + "        when valid_to is not null and valid_to <= valid_from then 'valid_to is not after valid_from'\n"
                + "        when next_valid_from is null and valid_to is not null then 'last version is closed'\n"
                + "        when next_valid_from is not null and valid_to is null then 'open version is not the last'\n"
                + "        when next_valid_from is not null and valid_to < next_valid_from then 'gap before the next version'\n"
                + "        when next_valid_from is not null and valid_to > next_valid_from then 'overlaps the next version'\n"
                + "        when is_current and next_valid_from is not null then 'current version is not the last'\n"
                + "    end as problem\n    from versions\n)\nselect *\nfrom checked\nwhere problem is not null";
    }

    /**
     * An aggregate over the tested relation ({@code expression}) equals one over another ({@code compare_model},
     * {@code compare_expression}, by default the same expression) within an absolute {@code tolerance} (default 0).
     * The failing row shows both values and their difference.
     */
    private String reconciliation(String model, Map<String, Object> args, Set<String> models) {
        Object expression = args.get("expression");
        Object compareModel = args.get("compare_model");
        if (expression == null || compareModel == null) {
            throw new TestbedException("reconciliation needs expression: (an aggregate, e.g. sum(amount)) and compare_model: ref('x')", null);
        }
        String compare = target(String.valueOf(compareModel), models);
        return reconciliationQuery(model, String.valueOf(expression), compare, String.valueOf(args.getOrDefault("compare_expression", expression)),
                String.valueOf(args.getOrDefault("tolerance", 0)));
    }

    /** The reconciliation test's query: one row, with both values and their difference, when they differ by more than the tolerance. */
    static String reconciliationQuery(String model, String expression, String compare, String compareExpression, String tolerance) {
        return "with actual as (select " + expression + " as actual from " + model + "),\nexpected as (select " + compareExpression
                + " as expected from " + compare + ")\nselect actual, expected, actual - expected as difference\nfrom actual cross join expected\n"
                + "where not coalesce(abs(actual - expected) <= " + tolerance + ", actual is not distinct from expected)";
    }

    /** The relation's row count within {@code min_value}..{@code max_value} (inclusive, either may be left out); fails with the count. */
    private static String rowCount(String model, Map<String, Object> args) {
        Object min = args.get("min_value");
        Object max = args.get("max_value");
        if (min == null && max == null) {
            throw new TestbedException("row_count needs min_value:, max_value: or both", null);
        }
        List<String> conditions = new ArrayList<>();
        if (min != null) {
            conditions.add("count(*) >= " + min);
        }
        if (max != null) {
            conditions.add("count(*) <= " + max);
        }
        return "select count(*) as row_count\nfrom " + model + "\nhaving not (" + String.join(" and ", conditions) + ")";
    }

    private String relationships(String model, String column, Map<String, Object> args, Set<String> models) {
        Object to = args.get("to");
        Object field = args.get("field");
        if (to == null || field == null) {
            throw new TestbedException("relationships needs to: (ref('model') or source('s', 't')) and field:", null);
        }
        String parent = target(String.valueOf(to), models);
        return "with child as (\n    select " + column + " as from_field\n    from " + model + "\n    where " + column + " is not null\n),\n"
                + "parent as (\n    select " + field + " as to_field\n    from " + parent + "\n)\n"
                + "select from_field\nfrom child\nleft join parent on child.from_field = parent.to_field\nwhere parent.to_field is null";
    }

    private String target(String to, Set<String> models) {
        Matcher ref = REF.matcher(to);
        if (ref.matches()) {
            String name = ref.group(1);
            if (!graph.contains(name)) {
                throw new TestbedException(to + " names no enabled model or seed", null);
            }
            ParsedModel model = graph.model(name);
            if (model.config().materialized() == Materialization.EPHEMERAL) {
                throw new TestbedException(to + " is an ephemeral model, which has no relation", null);
            }
            models.add(name);
            return compiler.relationFor(model);
        }
        Matcher source = SOURCE.matcher(to);
        if (source.matches()) {
            return compiler.sourceRelation(new SourceKey(source.group(1), source.group(2)));
        }
        throw new TestbedException("relationships: to: must be ref('model') or source('source', 'table'), got " + to, null);
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_]+", "_");
    }

    private TestName unique(TestName id) {
        int seen = names.merge(id.name(), 1, Integer::sum);
        return seen == 1 ? id : id.numbered(seen);
    }
}
