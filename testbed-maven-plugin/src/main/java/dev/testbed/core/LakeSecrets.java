package dev.testbed.core;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Puts a lake's credentials into DuckDB's in-memory secret manager ({@code CREATE TEMPORARY SECRET}: gone
 * when the connection closes, never written to disk) and turns failures to reach the catalog or the object
 * store into messages that say which credentials were used, without ever quoting a secret.
 */
final class LakeSecrets {

    static final String S3_SECRET = "testbed_s3";
    static final String CATALOG_SECRET = "testbed_catalog";

    /**
     * Seconds the data-path check waits for the object store (one retry). DuckDB's defaults (30 s, three
     * retries with backoff) would keep a build waiting minutes for a host that does not answer.
     */
    static final int PROBE_TIMEOUT_SECONDS = 5;

    private LakeSecrets() {
    }

    /** Creates the secrets the location needs; returns the name of the catalog's secret, or null when libpq finds the password itself. */
    static String create(Connection connection, LakeLocation location) {
        LakeAccess access = location.access();
        if (access.s3().configured()) {
            execute(connection, access, access.s3().createSecretSql(S3_SECRET), "the S3 secret");
        }
        if (location.isPostgresCatalog() && access.catalog() != null) {
            Credential credential = access.catalog();
            String user = credential.user() == null || credential.user().isBlank() ? "" : ", USER " + Sql.literal(credential.user());
            execute(connection, access, "CREATE OR REPLACE TEMPORARY SECRET " + CATALOG_SECRET + " (TYPE postgres"
                    + user + ", PASSWORD " + Sql.literal(credential.secret()) + ")", "the PostgreSQL secret");
            return CATALOG_SECRET;
        }
        return null;
    }

    private static void execute(Connection connection, LakeAccess access, String sql, String what) {
        try {
            DuckDb.execute(connection, sql);
        } catch (SQLException e) {
            // the failing statement holds the secret, and DuckDB may quote it: redact, and keep no cause
            throw new TestbedException("DuckDB could not create " + what + ": " + access.redact(SqlErrors.message(e)),
                    "Check the testbed.s3.* parameters (endpoint, region, urlStyle, useSsl).");
        }
    }

    /**
     * Lists the data path once, so that wrong S3 credentials or an unreachable endpoint fail the build
     * before any work starts instead of at the first file written.
     */
    static void probeDataPath(Connection connection, LakeLocation location) {
        if (location.isLocalDataPath()) {
            return;
        }
        String probe = location.resolvedDataPath() + "testbed-probe-*";
        try {
            DuckDb.execute(connection, "SET http_timeout = " + PROBE_TIMEOUT_SECONDS);
            DuckDb.execute(connection, "SET http_retries = 1");
            DuckDb.queryLong(connection, "SELECT count(*) FROM glob(" + Sql.literal(probe) + ")");
            DuckDb.execute(connection, "RESET http_timeout");
            DuckDb.execute(connection, "RESET http_retries");
        } catch (SQLException e) {
            throw dataPathFailure(location, location.access().redact(SqlErrors.message(e)));
        }
    }

    static TestbedException dataPathFailure(LakeLocation location, String message) {
        LakeAccess access = location.access();
        String serverId = access.s3ServerId() == null ? "testbed-s3" : access.s3ServerId();
        String used = access.s3().credential() == null ? "no credentials (no <server> '" + serverId
                + "' in settings.xml and no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment)"
                : access.s3().credential().toString();
        if (isRefusal(message)) {
            return new TestbedException("The object store refused access to the lake's data path " + location.resolvedDataPath()
                    + " with " + used + ": " + firstLine(message),
                    "Check the username (key id) and password (secret) of <server> '" + serverId + "' in settings.xml"
                            + " (or -Dtestbed.s3.serverId for another server, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY);"
                            + " nothing was written.");
        }
        if (message.contains("Could not connect") || message.contains("Connection refused") || message.contains("timed out")
                || message.contains("Timeout") || message.contains("timeout") || message.contains("Could not resolve")) {
            return new TestbedException("Cannot reach the object store for " + location.resolvedDataPath() + " at "
                    + endpoint(access) + ": " + firstLine(message),
                    "Start the object store or fix -Dtestbed.s3.endpoint; nothing was written.");
        }
        return new TestbedException("Cannot read the lake's data path " + location.resolvedDataPath() + " (" + endpoint(access)
                + ", " + used + "): " + firstLine(message),
                "Check -Dtestbed.dataPath, the bucket, and the testbed.s3.* parameters; nothing was written.");
    }

    /** An HTTP 403 from the object store (not merely "403" somewhere, such as in a port number). */
    static boolean isRefusal(String message) {
        return message.contains("HTTP 403") || message.contains("HTTP code 403") || message.contains("Forbidden")
                || message.contains("SignatureDoesNotMatch") || message.contains("InvalidAccessKeyId") || message.contains("AccessDenied");
    }

    private static String endpoint(LakeAccess access) {
        return access.s3().endpoint() == null ? "AWS S3" : access.s3().endpoint();
    }

    /** A failed ATTACH of a PostgreSQL catalog: wrong password, unreachable server, or anything else. */
    static TestbedException catalogFailure(LakeLocation location, String message) {
        LakeAccess access = location.access();
        String serverId = access.catalogServerId() == null ? "testbed-catalog" : access.catalogServerId();
        String catalog = access.redact(location.resolvedCatalog());
        String detail = message.substring(message.indexOf("Unable to connect") >= 0 ? message.indexOf("Unable to connect") : 0).strip();
        if (message.contains("password authentication failed") || message.contains("no password supplied")
                || message.contains("authentication failed")) {
            String used = access.catalog() == null ? "no <server> '" + serverId + "' in settings.xml, so libpq looked in PGPASSWORD and ~/.pgpass"
                    : access.catalog().toString();
            return new TestbedException("The PostgreSQL catalog " + catalog + " refused the login (" + used + "): " + detail,
                    "Check the password of <server> '" + serverId + "' in settings.xml (or -Dtestbed.catalog.serverId for another"
                            + " server, or PGPASSWORD / ~/.pgpass); nothing was written.");
        }
        if (message.contains("Connection refused") || message.contains("timeout expired") || message.contains("could not translate host name")
                || message.contains("No route to host")) {
            return new TestbedException("Cannot reach the PostgreSQL catalog " + catalog + ": " + detail,
                    "Start the server or fix host/port in -Dtestbed.catalog (libpq gives up after connect_timeout, "
                            + LakeLocation.CATALOG_CONNECT_TIMEOUT_SECONDS + " s by default); nothing was written.");
        }
        if (message.contains("does not exist")) {
            return new TestbedException("The PostgreSQL catalog " + catalog + " cannot be opened: " + detail,
                    "Create the database first (createdb), DuckLake then creates its tables in it.");
        }
        return new TestbedException("Cannot attach the DuckLake warehouse " + location + ": " + message,
                "Check -Dtestbed.catalog, -Dtestbed.dataPath and <server> '" + serverId + "' in settings.xml.");
    }

    /** The error's first line, plus S3's error code when it is on a later line. */
    private static String firstLine(String message) {
        String first = message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message).strip();
        String code = message.lines().filter(l -> l.contains("SignatureDoesNotMatch") || l.contains("InvalidAccessKeyId"))
                .findFirst().map(String::strip).orElse("");
        return code.isEmpty() || first.contains(code) ? first : first + " " + code;
    }
}
