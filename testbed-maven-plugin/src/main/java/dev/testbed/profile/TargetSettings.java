package dev.testbed.profile;

import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.SessionSetup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how a build runs, resolved once from every way of saying it: what the user set (a {@code -D} property or
 * the POM) wins over the dbt profile, which wins over the plugin's defaults. Each value keeps the name of its source,
 * for the line that tells the user which settings were used.
 *
 * @param location the lake (its catalog, data path, alias and the profile's other attachments)
 * @param target   dbt's {@code target.name}
 * @param schema   the target schema
 * @param threads  worker threads (0: one per core)
 * @param origins  for each of catalog, dataPath, alias, target, schema, threads: where its value came from
 */
public record TargetSettings(LakeLocation location, String target, String schema, int threads, Map<String, String> origins) {

    public static final String DEFAULT_TARGET = "dev";
    public static final String DEFAULT_SCHEMA = "main";

    /** A value set by the user, and where: {@code -D} or {@code POM}. */
    public record Given<T>(T value, String origin) {
    }

    /**
     * What the user set explicitly (null for what they did not set), and the plugin's defaults for the lake's files.
     */
    public record Request(Given<String> catalog, Given<String> dataPath, Given<String> target, Given<String> schema,
                          Given<Integer> threads, String defaultCatalog, String defaultDataPath) {
    }

    public static TargetSettings resolve(Request request, Optional<DuckDbProfile> profile) {
        Map<String, String> origins = new LinkedHashMap<>();
        String profileOrigin = profile.map(p -> "profile " + p.profile() + "." + p.target()).orElse(null);
        String catalog = pick("catalog", request.catalog(), profile.map(p -> p.lake().catalog()), profileOrigin, request.defaultCatalog(), origins);
        String dataPath = pick("dataPath", request.dataPath(), profile.map(p -> p.lake().dataPath()), profileOrigin, request.defaultDataPath(), origins);
        String alias = pick("alias", null, profile.map(p -> p.lake().alias()), profileOrigin, Lake.ALIAS, origins);
        // the target's name chose the profile's output already; here it is only recorded
        String target = pick("target", request.target(), profile.map(DuckDbProfile::target), profileOrigin, DEFAULT_TARGET, origins);
        String schema = pick("schema", request.schema(), profile.map(DuckDbProfile::schema), profileOrigin, DEFAULT_SCHEMA, origins);
        int threads = pick("threads", request.threads(), profile.map(DuckDbProfile::threads), profileOrigin, 0, origins);
        SessionSetup session = profile.map(DuckDbProfile::session).orElse(SessionSetup.NONE);
        LakeLocation location = new LakeLocation(catalog, dataPath).withAlias(alias, session);
        return new TargetSettings(location, target, schema, threads, Collections.unmodifiableMap(origins));
    }

    private static <T> T pick(String name, Given<T> given, Optional<T> fromProfile, String profileOrigin, T fallback, Map<String, String> origins) {
        if (given != null && given.value() != null) {
            origins.put(name, given.origin());
            return given.value();
        }
        if (fromProfile.isPresent()) {
            origins.put(name, profileOrigin);
            return fromProfile.get();
        }
        origins.put(name, "default");
        return fallback;
    }

    /**
     * One line saying what the build uses and where each part came from, such as {@code lake ducklake:/p/w.ducklake
     * (data /p/data/) as warehouse, target dev, schema analytics (profile diff.dev)}.
     */
    public String describe(Function<String, String> redact) {
        return "lake " + redact.apply(location.toString()) + ", target " + target + ", schema " + schema
                + (threads > 0 ? ", threads " + threads : "") + " " + sources();
    }

    private String sources() {
        Map<String, List<String>> byOrigin = new LinkedHashMap<>();
        origins.forEach((name, origin) -> byOrigin.computeIfAbsent(origin, o -> new ArrayList<>()).add(name));
        StringBuilder text = new StringBuilder("(");
        byOrigin.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            if (text.length() > 1) {
                text.append("; ");
            }
            text.append(entry.getKey()).append(": ").append(String.join(", ", entry.getValue()));
        });
        return text.append(")").toString();
    }
}
