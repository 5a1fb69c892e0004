package dev.testbed.core;

/**
 * How DuckDB reaches an S3-compatible object store holding the lake's data files. Null fields keep
 * DuckDB's defaults (AWS itself, virtual-host URLs, HTTPS).
 *
 * @param endpoint   host and port such as {@code 127.0.0.1:9000} (a leading {@code http://} or {@code https://} also sets useSsl)
 * @param region     such as {@code us-east-1}
 * @param urlStyle   {@code path} or {@code vhost}
 * @param useSsl     false for plain HTTP
 * @param credential the key id and secret, or null for anonymous access
 */
public record S3Settings(String endpoint, String region, String urlStyle, Boolean useSsl, Credential credential) {

    public static final S3Settings NONE = new S3Settings(null, null, null, null, null);

    /** The secret DuckDB keeps in memory for this process: {@code CREATE TEMPORARY SECRET}, never persisted. */
    String createSecretSql(String name) {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMPORARY SECRET ").append(name).append(" (TYPE s3");
        if (credential != null) {
            sql.append(", KEY_ID ").append(Sql.literal(credential.user() == null ? "" : credential.user()))
                    .append(", SECRET ").append(Sql.literal(credential.secret()));
        }
        String host = endpoint;
        Boolean ssl = useSsl;
        if (host != null && !host.isBlank()) {
            if (host.startsWith("http://") || host.startsWith("https://")) {
                ssl = ssl != null ? ssl : host.startsWith("https://");
                host = host.replaceFirst("^https?://", "");
            }
            sql.append(", ENDPOINT ").append(Sql.literal(host.replaceFirst("/+$", "")));
        }
        if (region != null && !region.isBlank()) {
            sql.append(", REGION ").append(Sql.literal(region));
        }
        if (urlStyle != null && !urlStyle.isBlank()) {
            sql.append(", URL_STYLE ").append(Sql.literal(urlStyle));
        }
        if (ssl != null) {
            sql.append(", USE_SSL ").append(ssl);
        }
        return sql.append(")").toString();
    }

    /** True when any setting was given, so that a secret is worth creating. */
    boolean configured() {
        return credential != null || endpoint != null || region != null || urlStyle != null || useSsl != null;
    }

    @Override
    public String toString() {
        return "S3 endpoint " + (endpoint == null ? "(AWS)" : endpoint) + ", region " + (region == null ? "(default)" : region)
                + (credential == null ? ", anonymous" : ", " + credential);
    }
}
