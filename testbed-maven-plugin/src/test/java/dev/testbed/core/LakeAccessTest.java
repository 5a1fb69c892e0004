package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeAccessTest {

    private static final String S3_SECRET = "unit-S3-secret-Hq2v";
    private static final String PG_PASSWORD = "unit-pg-password-Zr7k";

    private static LakeAccess access(String endpoint) {
        S3Settings s3 = new S3Settings(endpoint, "us-east-1", "path", false, new Credential("unit-key", S3_SECRET, "unit test"));
        return new LakeAccess(s3, new Credential(null, PG_PASSWORD, "<server> 'unit-pg' in settings.xml"), "unit-s3", "unit-pg");
    }

    @Test
    void credentialsNeverAppearInTheirTextualForms() {
        LakeAccess access = access("127.0.0.1:9");
        LakeLocation location = new LakeLocation("postgres:dbname=x host=127.0.0.1 password=inline-Pw9", "s3://b/p/", access);

        for (String text : new String[] {access.toString(), access.s3().toString(), access.catalog().toString(), location.toString()}) {
            assertFalse(text.contains(S3_SECRET) || text.contains(PG_PASSWORD) || text.contains("inline-Pw9"), text);
        }
        assertEquals("copy **** and ****, password=**** too",
                access.redact("copy " + S3_SECRET + " and " + PG_PASSWORD + ", password=inline-Pw9 too"));
    }

    @Test
    void theS3SecretCarriesEverySettingAndTheEndpointSchemeDecidesSsl() {
        String sql = new S3Settings("https://minio.example:9000/", "eu-west-1", "path", null, new Credential("k", "s", "x"))
                .createSecretSql("n");

        assertEquals("CREATE OR REPLACE TEMPORARY SECRET n (TYPE s3, KEY_ID 'k', SECRET 's', ENDPOINT 'minio.example:9000',"
                + " REGION 'eu-west-1', URL_STYLE 'path', USE_SSL true)", sql);
        assertFalse(S3Settings.NONE.configured());
    }

    @Test
    void thePostgresCatalogGetsAConnectTimeoutAndItsPasswordFromASecretNotTheSql() {
        LakeLocation location = new LakeLocation("postgres:dbname=lake host=h", "s3://b/p", access(null));
        String attach = location.attachSql("lake", "pw_secret", "READ_ONLY");

        assertTrue(attach.contains("connect_timeout=" + LakeLocation.CATALOG_CONNECT_TIMEOUT_SECONDS), attach);
        assertTrue(attach.endsWith("METADATA_PARAMETERS MAP {'SECRET': 'pw_secret'}, READ_ONLY)"), attach);
        assertFalse(attach.contains(PG_PASSWORD), attach);
        assertTrue(new LakeLocation("postgres:dbname=lake connect_timeout=2", "/d").attachSql("lake").contains("connect_timeout=2'"));
    }

    @Test
    void anUnreachableObjectStoreFailsWithinSecondsNamingTheEndpointWithoutTheSecret(@TempDir Path work) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LakeLocation location = new LakeLocation(work.resolve("w.ducklake").toString(), "s3://bucket/lake/", access("127.0.0.1:" + closedPort));
        long started = System.nanoTime();

        TestbedException e = assertThrows(TestbedException.class, () -> Lake.open(location, DuckDbSettings.defaults()).close());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        assertTrue(e.getMessage().contains("Cannot reach the object store") && e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
        assertFalse(e.getMessage().contains(S3_SECRET), e.getMessage());
    }

    @Test
    void anUnreachablePostgresCatalogFailsWithinSeconds(@TempDir Path work) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LakeLocation location = new LakeLocation("postgres:dbname=lake host=127.0.0.1 port=" + closedPort + " user=u",
                work.resolve("data").toString(), access(null));
        long started = System.nanoTime();

        TestbedException e = assertThrows(TestbedException.class, () -> Lake.open(location, DuckDbSettings.defaults()).close());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        assertTrue(e.getMessage().contains("Cannot reach the PostgreSQL catalog"), e.getMessage());
        assertFalse(e.getMessage().contains(PG_PASSWORD), e.getMessage());
    }

    /** A server that completes TCP handshakes (the kernel does) but never answers: a hung or firewalled host. */
    private static java.net.ServerSocket silentServer() throws java.io.IOException {
        return new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    @Test
    void anObjectStoreThatNeverAnswersFailsWithinSeconds(@TempDir Path work) throws Exception {
        try (java.net.ServerSocket silent = silentServer()) {
            LakeLocation location = new LakeLocation(work.resolve("w.ducklake").toString(), "s3://bucket/lake/",
                    access("127.0.0.1:" + silent.getLocalPort()));
            long started = System.nanoTime();

            TestbedException e = assertThrows(TestbedException.class, () -> Lake.open(location, DuckDbSettings.defaults()).close());

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(LakeSecrets.PROBE_TIMEOUT_SECONDS * 2L + 5)) < 0, "took " + took);
            assertTrue(e.getMessage().contains("Cannot reach the object store") && e.getMessage().contains("127.0.0.1:" + silent.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void aCatalogThatNeverAnswersFailsAfterTheConnectTimeout(@TempDir Path work) throws Exception {
        try (java.net.ServerSocket silent = silentServer()) {
            LakeLocation location = new LakeLocation("postgres:dbname=lake host=127.0.0.1 port=" + silent.getLocalPort() + " user=u connect_timeout=2",
                    work.resolve("data").toString(), access(null));
            long started = System.nanoTime();

            TestbedException e = assertThrows(TestbedException.class, () -> Lake.open(location, DuckDbSettings.defaults()).close());

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
            assertTrue(e.getMessage().contains("Cannot reach the PostgreSQL catalog"), e.getMessage());
        }
    }
}
