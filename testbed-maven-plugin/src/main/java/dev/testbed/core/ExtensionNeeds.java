package dev.testbed.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which DuckDB extension a secret or an attached database needs. DuckDB would autoload it, but the plugin turns
 * automatic installs off (they reach DuckDB's server, unreachable offline), so it loads the extension itself first,
 * by its own route (installed copy, DuckDB's install, or the wheel from the package index).
 */
public final class ExtensionNeeds {

    private static final Map<String, String> BY_TYPE = Map.of(
            "s3", "httpfs", "r2", "httpfs", "gcs", "httpfs", "http", "httpfs", "huggingface", "httpfs",
            "azure", "azure", "postgres", "postgres_scanner", "mysql", "mysql_scanner", "sqlite", "sqlite_scanner");

    private static final List<String> REMOTE_SCHEMES = List.of("s3://", "s3a://", "s3n://", "r2://", "gs://", "gcs://", "http://", "https://", "hf://");

    private ExtensionNeeds() {
    }

    /** The extension a secret or attachment of this {@code TYPE} needs, if any ({@code s3} needs {@code httpfs}). */
    public static List<String> ofType(String type) {
        String extension = type == null ? null : BY_TYPE.get(type.strip().toLowerCase(Locale.ROOT));
        return extension == null ? List.of() : List.of(extension);
    }

    /** The extensions an attachment needs: its {@code TYPE}'s, and httpfs for a database file read over the network. */
    public static List<String> ofAttachment(String type, String path) {
        List<String> byType = ofType(type);
        if (!byType.isEmpty()) {
            return byType;
        }
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        return REMOTE_SCHEMES.stream().anyMatch(lower::startsWith) ? List.of("httpfs") : List.of();
    }
}
