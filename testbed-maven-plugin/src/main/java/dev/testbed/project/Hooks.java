package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's or seed's {@code pre-hook} and {@code post-hook} SQL, in the order dbt runs them: the hooks of every
 * config layer accumulate, dbt_project.yml's first, then the properties file's, then {@code config(...)}'s.
 *
 * @param pre  run before the build (those with {@code transaction: true} inside the build's transaction)
 * @param post run after the build (those with {@code transaction: true} before its commit, the others after it)
 */
public record Hooks(List<Hook> pre, List<Hook> post) {

    public static final Hooks NONE = new Hooks(List.of(), List.of());

    /** The config keys dbt reads hooks from: dbt_project.yml and properties files write a dash, {@code config()} an underscore. */
    public static final List<String> PRE_KEYS = List.of("pre-hook", "pre_hook");
    public static final List<String> POST_KEYS = List.of("post-hook", "post_hook");

    public Hooks {
        pre = List.copyOf(pre);
        post = List.copyOf(post);
    }

    /**
     * One hook as written, not yet rendered.
     *
     * @param sql         a Jinja template of SQL, rendered with the node's context just before it runs
     * @param transaction false runs it outside the build's transaction: a pre-hook before it begins, a post-hook after it commits
     * @param origin      where it was set, e.g. {@code dbt_project.yml models: config} or {@code models/x.sql, line 1}
     */
    public record Hook(String sql, boolean transaction, String origin) {

        public Hook {
            Objects.requireNonNull(sql, "sql");
        }
    }

    /** Whether this has no hook at all. */
    public boolean isEmpty() {
        return pre.isEmpty() && post.isEmpty();
    }

    /** These hooks followed by the hooks set in one more config layer (both key spellings read). */
    public Hooks plus(Map<String, ?> layer, String origin) {
        if (layer == null) {
            return this;
        }
        List<Hook> morePre = new ArrayList<>(pre);
        List<Hook> morePost = new ArrayList<>(post);
        PRE_KEYS.forEach(key -> morePre.addAll(parse(layer.get(key), key, origin)));
        POST_KEYS.forEach(key -> morePost.addAll(parse(layer.get(key), key, origin)));
        return new Hooks(morePre, morePost);
    }

    /** dbt's forms: one SQL string, a list of them, or {@code {sql: ..., transaction: false}} mappings, mixed freely. */
    static List<Hook> parse(Object value, String key, String origin) {
        if (value == null) {
            return List.of();
        }
        List<Hook> hooks = new ArrayList<>();
        for (Object item : value instanceof Collection<?> items ? items : List.of(value)) {
            if (item instanceof CharSequence sql) {
                hooks.add(new Hook(sql.toString(), true, origin));
            } else if (item instanceof Map<?, ?> map && map.get("sql") instanceof CharSequence sql) {
                hooks.add(new Hook(sql.toString(), transaction(map.get("transaction"), key, origin), origin));
            } else if (item != null) {
                throw new TestbedException("The " + key + " set in " + origin + " must be SQL text or {sql: ..., transaction: true|false}, got " + item,
                        "Write " + key + ": \"insert into ...\", a list of such strings, or - sql: \"...\" with transaction: false.");
            }
        }
        return hooks;
    }

    private static boolean transaction(Object value, String key, String origin) {
        if (value == null) {
            return true;
        }
        return ConfigFlag.parse(value).orElseThrow(() -> new TestbedException("The transaction of a " + key + " set in " + origin
                + " must be true or false, got " + value, "Write transaction: false to run the hook outside the model's transaction, or leave it out."));
    }
}
