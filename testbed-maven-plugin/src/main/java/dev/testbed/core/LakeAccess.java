package dev.testbed.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What a process needs besides the lake's location to reach it: object-store settings and credentials,
 * and the catalog database's password. The secrets go into DuckDB's in-memory secret manager on every
 * connection that attaches the lake, never into SQL that could be logged, nor into any file.
 *
 * @param s3              how to reach an S3-compatible data path
 * @param catalog         the PostgreSQL catalog's password (and optionally user), or null for libpq's own
 *                        {@code PGPASSWORD} / {@code .pgpass}
 * @param s3ServerId      the settings.xml server id S3 credentials are looked up under, named in errors
 * @param catalogServerId the settings.xml server id the catalog password is looked up under, named in errors
 */
public record LakeAccess(S3Settings s3, Credential catalog, String s3ServerId, String catalogServerId) {

    public static final LakeAccess NONE = new LakeAccess(S3Settings.NONE, null, null, null);

    public LakeAccess {
        s3 = s3 == null ? S3Settings.NONE : s3;
    }

    /** Removes every secret this access knows from {@code text} (DuckDB errors may quote the SQL that failed). */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets()) {
            redacted = redacted.replace(secret, "****");
        }
        // a password the user wrote into the catalog string itself
        return redacted.replaceAll("(?i)(password\\s*=\\s*)('[^']*'|\\S+)", "$1****");
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (s3.credential() != null) {
            secrets.add(s3.credential().secret());
        }
        if (catalog != null) {
            secrets.add(catalog.secret());
        }
        return secrets;
    }

    @Override
    public String toString() {
        return s3 + "; catalog " + (catalog == null ? "password from libpq (PGPASSWORD / .pgpass)" : catalog.toString());
    }
}
