package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.testbed.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin installs DuckDB extensions from their PyPI wheels itself, in Java, when DuckDB cannot. */
class ExtensionWheelsTest {

    /** Nothing listens on the discard port: DuckDB's own install, or an index there, fails at once. */
    private static final String UNREACHABLE = "http://127.0.0.1:9";

    private static final String WHEEL = "duckdb_extension_ducklake-1.5.5-py3-none-manylinux2014_x86_64.whl";

    @Test
    void ducklakeIsFetchedFromPyPiIntoAnEmptyFolderThenLoadsFromThereOffline(@TempDir Path extensions, @TempDir Path lake) throws Exception {
        List<String> progress = new ArrayList<>();
        DuckDbSettings settings = DuckDbSettings.defaults().withExtensionDirectory(extensions).withExtensionRepository(UNREACHABLE)
                .withExtensionIndex(new ExtensionIndex(ExtensionIndex.DEFAULT_URL, event -> progress.add(event.message())));
        String platform;
        try (Connection connection = DuckDb.open(settings)) {
            DuckDb.loadExtension(connection, "ducklake", settings);

            platform = DuckDb.queryString(connection, "SELECT platform FROM pragma_platform()");
            Path binary = extensions.resolve("v1.5.5").resolve(platform).resolve("ducklake.duckdb_extension");
            assertEquals(binary.toString(), DuckDb.queryString(connection,
                    "SELECT install_path FROM duckdb_extensions() WHERE extension_name = 'ducklake' AND loaded"));
            try (Stream<Path> files = Files.list(binary.getParent())) {
                assertEquals(List.of(binary), files.toList(), "no partial download is left beside it");
            }
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("Downloading duckdb_extension_ducklake-1.5.5-") && l.contains(" MB)")),
                    progress.toString());
            // the extension works: a lake is created, written and read
            DuckDb.execute(connection, "ATTACH 'ducklake:" + lake.resolve("w.ducklake") + "' AS lake (DATA_PATH '" + lake.resolve("data") + "/')");
            DuckDb.execute(connection, "CREATE TABLE lake.t AS SELECT range AS i FROM range(5)");
            assertEquals(10, DuckDb.queryLong(connection, "SELECT sum(i) FROM lake.t"));
        }

        List<String> offline = new ArrayList<>();
        DuckDbSettings noNetwork = settings.withExtensionIndex(new ExtensionIndex(UNREACHABLE + "/simple", event -> offline.add(event.message())));
        try (Connection connection = DuckDb.open(noNetwork)) {
            DuckDb.loadExtension(connection, "ducklake", noNetwork);

            assertEquals(1, DuckDb.queryLong(connection, "SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'ducklake' AND loaded"));
            assertEquals(List.of(), offline, "an installed extension is loaded without fetching anything");
        }
    }

    @Test
    void aWheelIsInstalledOnlyWhenItsSha256IsTheOneTheIndexGives(@TempDir Path extensions) throws Exception {
        byte[] binary = "not really an extension".getBytes(StandardCharsets.UTF_8);
        byte[] wheel = wheel("duckdb_extension_ducklake/extensions/v1.5.5/ducklake.duckdb_extension", binary);
        String rightHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
        String wrongHash = rightHash.substring(1) + (rightHash.charAt(0) == '0' ? "1" : "0");
        Path target = ExtensionWheels.target(extensions, "v1.5.5", "linux_amd64", "ducklake");

        try (Index index = new Index(wheel, wrongHash)) {
            IOException refused = assertThrows(IOException.class,
                    () -> ExtensionWheels.install("ducklake", "v1.5.5", "linux_amd64", extensions, index.client()));

            assertTrue(refused.getMessage().contains("sha256") && refused.getMessage().contains(wrongHash)
                    && refused.getMessage().contains(rightHash), refused.getMessage());
            assertFalse(Files.exists(target));
            try (Stream<Path> files = Files.list(target.getParent())) {
                assertEquals(List.of(), files.toList(), "nothing is left behind");
            }
        }
        try (Index index = new Index(wheel, rightHash)) {
            ExtensionWheels.install("ducklake", "v1.5.5", "linux_amd64", extensions, index.client());

            assertEquals(new String(binary, StandardCharsets.UTF_8), Files.readString(target));
        }
    }

    @Test
    void aWheelForAnotherDuckDbVersionIsRefused(@TempDir Path extensions) throws Exception {
        byte[] wheel = wheel("duckdb_extension_ducklake/extensions/v1.4.4/ducklake.duckdb_extension", new byte[] {1, 2, 3});
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
        try (Index index = new Index(wheel, hash)) {
            IOException refused = assertThrows(IOException.class,
                    () -> ExtensionWheels.install("ducklake", "v1.5.5", "linux_amd64", extensions, index.client()));

            assertTrue(refused.getMessage().contains("extensions/v1.4.4/ducklake.duckdb_extension"), refused.getMessage());
            assertFalse(Files.exists(ExtensionWheels.target(extensions, "v1.5.5", "linux_amd64", "ducklake")));
        }
    }

    private static byte[] wheel(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A simple index (PEP 503) on a local port, listing one wheel of duckdb-extension-ducklake under the given sha256. */
    private static final class Index implements AutoCloseable {
        private final HttpServer server;

        Index(byte[] wheel, String sha256) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/simple/duckdb-extension-ducklake/", exchange -> {
                byte[] page = ("<html><body><a href=\"../../files/" + WHEEL + "#sha256=" + sha256 + "\">" + WHEEL + "</a><br/></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            });
            server.createContext("/files/" + WHEEL, exchange -> {
                exchange.sendResponseHeaders(200, wheel.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(wheel);
                }
            });
            server.start();
        }

        ExtensionIndex client() {
            return new ExtensionIndex("http://127.0.0.1:" + server.getAddress().getPort() + "/simple/", TestData.QUIET);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
