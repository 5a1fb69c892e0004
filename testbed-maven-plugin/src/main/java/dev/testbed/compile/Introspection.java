package dev.testbed.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import dev.testbed.core.Reporter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * dbt's functions that look at the database or the outside world while a model compiles: {@code run_query},
 * {@code {% call statement(name, fetch_result=True) %}}, {@code load_result}, {@code store_result}, {@code log},
 * {@code print}, and the small helpers {@code zip}, {@code tojson}, {@code fromjson}. While parsing ({@code execute}
 * false) nothing reaches the database: {@code run_query} returns none and {@code statement} runs nothing, as in dbt.
 */
final class Introspection {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<MacroFunction> ALL = List.of(
            new Builtins.Builtin("run_query", Introspection::runQuery),
            new Builtins.Builtin("statement", Introspection::statement),
            new Builtins.Builtin("load_result", Introspection::loadResult),
            new Builtins.Builtin("store_result", Introspection::storeResult),
            new Builtins.Builtin("print", Introspection::print),
            new Builtins.Builtin("zip", Introspection::zip),
            new Builtins.Builtin("tojson", Introspection::tojson),
            new Builtins.Builtin("fromjson", Introspection::fromjson));

    static final List<String> NAMES = ALL.stream().map(MacroFunction::getName).toList();

    private Introspection() {
    }

    /** dbt's {@code run_query(sql)}: the result as an agate table; none while parsing. */
    private static Object runQuery(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "run_query", args, kwargs, List.of("sql"));
        if (!render.executes()) {
            return null;
        }
        return AgateTable.of(render.ask("run_query", database -> database.execute(String.valueOf(named.get("sql")))));
    }

    /**
     * dbt's {@code statement} macro, called with {@code {% call statement(name, fetch_result=..., auto_begin=...) %}SQL{% endcall %}}:
     * runs the block's SQL and stores the result under the name for {@code load_result}. Renders nothing.
     */
    private static Object statement(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "statement", args, kwargs, List.of("name", "fetch_result", "auto_begin", "language"));
        if (!render.executes()) {
            return "";
        }
        MacroFunction caller = JinjavaInterpreter.getCurrent().getContext().getGlobalMacro("caller");
        if (caller == null) {
            throw render.fail("statement() is called with {% call %}", "Write {% call statement('name', fetch_result=True) %}select ...{% endcall %}.");
        }
        String sql = String.valueOf(caller.doEvaluate(Map.of(), Map.of(), List.of()));
        Object language = named.get("language");
        if (language != null && !"sql".equals(language)) {
            throw render.fail("statement() of language '" + language + "'", "Only SQL statements run here.");
        }
        CompileDatabase.Result result = render.ask("statement", database -> database.execute(sql));
        Object name = named.get("name");
        if (name != null) {
            boolean fetch = Boolean.TRUE.equals(named.get("fetch_result"));
            AgateTable table = AgateTable.of(fetch ? result : new CompileDatabase.Result(List.of(), List.of(), result.rowsAffected()));
            render.storedResults.put(String.valueOf(name), stored(response(result), table));
        }
        return "";
    }

    /** dbt's {@code load_result(name)}: {@code response}, {@code data} (rows as lists) and {@code table}; none when nothing is stored. */
    private static Object loadResult(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "load_result", args, kwargs, List.of("name"));
        return render.storedResults.get(String.valueOf(named.get("name")));
    }

    /** dbt's {@code store_result(name, response, agate_table=None)}. */
    private static Object storeResult(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "store_result", args, kwargs, List.of("name", "response", "agate_table"));
        Object table = named.get("agate_table");
        AgateTable agate = table instanceof AgateTable given ? given : AgateTable.of(new CompileDatabase.Result(List.of(), List.of(), -1));
        render.storedResults.put(String.valueOf(named.get("name")), stored(named.get("response"), agate));
        return "";
    }

    private static Map<String, Object> stored(Object response, AgateTable table) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("response", response);
        stored.put("data", table.data());
        stored.put("table", table);
        return stored;
    }

    /** dbt-duckdb's adapter response: message {@code OK}, and the rows a DML statement changed. */
    private static Map<String, Object> response(CompileDatabase.Result result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("_message", "OK");
        response.put("code", null);
        response.put("rows_affected", result.rowsAffected());
        return response;
    }

    /** dbt's {@code log(msg, info=False)}: with {@code info=True} in the build's log, otherwise at debug level; nothing while parsing. */
    static Object log(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "log", args, kwargs, List.of("msg", "info"));
        Reporter reporter = render.reporter();
        if (reporter != null) {
            String message = String.valueOf(named.get("msg"));
            if (Boolean.TRUE.equals(named.get("info"))) {
                reporter.info(message);
            } else {
                reporter.debug(message);
            }
        }
        return "";
    }

    /** dbt's {@code print(msg)}: in the build's log. */
    private static Object print(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "print", args, kwargs, List.of("msg"));
        if (render.reporter() != null) {
            render.reporter().info(String.valueOf(named.get("msg")));
        }
        return "";
    }

    /** Python's {@code zip(*iterables)}: lists of the n-th items, as long as the shortest argument. */
    private static Object zip(Render render, List<Object> args, Map<String, Object> kwargs) {
        if (!kwargs.isEmpty()) {
            throw render.fail("zip() takes no keyword arguments", "Use zip(list1, list2, ...).");
        }
        List<Iterator<?>> iterators = new ArrayList<>();
        for (Object arg : args) {
            if (!(arg instanceof Iterable<?> iterable)) {
                throw render.fail("zip() argument " + (iterators.size() + 1) + " is not iterable: " + PythonText.repr(arg), null);
            }
            iterators.add(iterable.iterator());
        }
        List<Object> zipped = new ArrayList<>();
        while (!iterators.isEmpty() && iterators.stream().allMatch(Iterator::hasNext)) {
            List<Object> tuple = new ArrayList<>();
            iterators.forEach(iterator -> tuple.add(iterator.next()));
            zipped.add(tuple);
        }
        return zipped;
    }

    /** dbt's {@code tojson(value, sort_keys=False)}: Python's {@code json.dumps}, with its separators and ASCII escapes. */
    private static Object tojson(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "tojson", args, kwargs, List.of("value", "default", "sort_keys"));
        StringBuilder out = new StringBuilder();
        if (!json(named.get("value"), Boolean.TRUE.equals(named.get("sort_keys")), out)) {
            return named.get("default");
        }
        return out.toString();
    }

    private static boolean json(Object value, boolean sortKeys, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof BigDecimal || value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof java.math.BigInteger) {
            out.append(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : PythonText.repr(d));
        } else if (value instanceof CharSequence text) {
            string(text.toString(), out);
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> entries = sortKeys ? new TreeMap<>(stringKeys(map)) : map;
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                string(String.valueOf(entry.getKey()), out);
                out.append(": ");
                if (!json(entry.getValue(), sortKeys, out)) {
                    return false;
                }
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ", ");
                first = false;
                if (!json(item, sortKeys, out)) {
                    return false;
                }
            }
            out.append(']');
        } else {
            return false; // Python's json cannot serialize it either (a date, a relation): dbt then returns the default
        }
        return true;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new LinkedHashMap<>();
        map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return keyed;
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }

    /** dbt's {@code fromjson(string, default=None)}: objects as mappings, arrays as lists; the default when it is no JSON. */
    private static Object fromjson(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> named = named(render, "fromjson", args, kwargs, List.of("string", "default"));
        try {
            return pythonic(JSON.readValue(String.valueOf(named.get("string")), Object.class));
        } catch (JsonProcessingException e) {
            return named.get("default");
        }
    }

    /** JSON's whole numbers as longs, as every number templates compute with. */
    private static Object pythonic(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(k, pythonic(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>();
            list.forEach(v -> converted.add(pythonic(v)));
            return converted;
        }
        return value;
    }

    /** Python's binding of a call's arguments to the function's parameters, failing on too many or unknown ones. */
    static Map<String, Object> named(Render render, String function, List<Object> args, Map<String, Object> kwargs, List<String> parameters) {
        if (args.size() > parameters.size()) {
            throw render.fail(function + "() takes at most " + parameters.size() + " arguments, got " + args.size(),
                    "Its parameters are " + String.join(", ", parameters) + ".");
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            named.put(parameters.get(i), args.get(i));
        }
        for (Map.Entry<String, Object> kwarg : kwargs.entrySet()) {
            if (!parameters.contains(kwarg.getKey())) {
                throw render.fail(function + "() got an unexpected keyword argument '" + kwarg.getKey() + "'",
                        "Its parameters are " + String.join(", ", parameters) + ".");
            }
            named.put(kwarg.getKey(), kwarg.getValue());
        }
        return named;
    }
}
