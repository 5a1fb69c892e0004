package dev.testbed.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real servers for the integration tests: PostgreSQL (Debian's postgresql package, password login) as the
 * DuckLake catalog and s3proxy (filesystem backend) as S3-compatible object storage, on free ports of
 * 127.0.0.1, with their files in one folder under target/. The build starts them once before the invoker
 * ITs ({@code main start}) and stops them after ({@code main stop}); the ITs read ports and credentials from
 * {@value #PROPERTIES} in that folder through {@link #load(Path)}.
 *
 * <p>The credentials are fixed, distinctive fakes, so an IT can grep everything the build wrote for them.
 */
public final class TestServers {

    public static final String PROPERTIES = "servers.properties";
    public static final String S3_KEY_ID = "testbed-it-key";
    public static final String S3_SECRET = "tbFakeS3Secret-q7Wz4Kp9";
    public static final String PG_USER = "postgres";
    public static final String PG_PASSWORD = "tbFakePgPass-m3Xv8Rt2";
    public static final String BUCKET = "testbed";

    private final Properties values;

    private TestServers(Properties values) {
        this.values = values;
    }

    public int pgPort() {
        return Integer.parseInt(values.getProperty("pg.port"));
    }

    public int s3Port() {
        return Integer.parseInt(values.getProperty("s3.port"));
    }

    /** Where s3proxy keeps objects: {@code <s3Root>/<bucket>/<key>}. */
    public Path s3Root() {
        return Path.of(values.getProperty("s3.root"));
    }

    public String s3Endpoint() {
        return "127.0.0.1:" + s3Port();
    }

    /** A DuckLake catalog string for database {@code database} (see {@link #createDatabase}). */
    public String catalog(String database) {
        return "postgres:dbname=" + database + " host=127.0.0.1 port=" + pgPort() + " user=" + PG_USER;
    }

    /**
     * The user properties that point a build at a lake on these servers: catalog {@code database}, data under
     * {@code s3://testbed/<prefix>/}, credentials from settings.xml servers it-s3 and it-pg (src/it/settings.xml).
     */
    public Map<String, String> buildProperties(String database, String prefix) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("testbed.catalog", catalog(database));
        properties.put("testbed.dataPath", "s3://" + BUCKET + "/" + prefix + "/");
        properties.put("testbed.s3.endpoint", s3Endpoint());
        properties.put("testbed.s3.region", "us-east-1");
        properties.put("testbed.s3.urlStyle", "path");
        properties.put("testbed.s3.useSsl", "false");
        properties.put("testbed.s3.serverId", "it-s3");
        properties.put("testbed.catalog.serverId", "it-pg");
        return properties;
    }

    /** Writes {@code values} as a properties file, for invoker.userPropertiesFile.N. */
    public static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "written by an IT's prebuild.groovy");
        }
    }

    /** Creates an empty database for a DuckLake catalog. */
    public void createDatabase(String database) throws IOException, InterruptedException {
        run(psqlCommand("createdb", "-h", "127.0.0.1", "-p", String.valueOf(pgPort()), "-U", PG_USER, database), null);
    }

    /** The rows of a query against {@code database}, tab-separated, one string per row. */
    public List<String> query(String database, String sql) throws IOException, InterruptedException {
        String out = run(psqlCommand("psql", "-h", "127.0.0.1", "-p", String.valueOf(pgPort()), "-U", PG_USER, "-d", database,
                "-At", "-F", "\t", "-c", sql), null);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    /** The whole database as pg_dump writes it (schema and rows), to search it for what must never be stored. */
    public String dump(String database) throws IOException, InterruptedException {
        return run(psqlCommand("pg_dump", "-h", "127.0.0.1", "-p", String.valueOf(pgPort()), "-U", PG_USER, database), null);
    }

    /** SQL that makes a DuckDB connection able to attach a lake on these servers: the two secrets. */
    public List<String> duckDbSecrets() {
        return List.of("CREATE OR REPLACE TEMPORARY SECRET it_s3 (TYPE s3, KEY_ID '" + S3_KEY_ID + "', SECRET '" + S3_SECRET
                        + "', ENDPOINT '" + s3Endpoint() + "', URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')",
                "CREATE OR REPLACE TEMPORARY SECRET it_pg (TYPE postgres, PASSWORD '" + PG_PASSWORD + "')");
    }

    /** ATTACH for an existing lake whose catalog is {@code database}, read-only, using the secrets of {@link #duckDbSecrets()}. */
    public String attachSql(String database, String alias) {
        return "ATTACH 'ducklake:" + catalog(database) + "' AS " + alias + " (READ_ONLY, METADATA_PARAMETERS MAP {'SECRET': 'it_pg'})";
    }

    private List<String> psqlCommand(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(values.getProperty("pg.bin"), tool).toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Reads the servers started by {@link #start} into {@code root}. */
    public static TestServers load(Path root) throws IOException {
        Path file = root.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No test servers running: " + file + " is missing (the build starts them in pre-integration-test)");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return new TestServers(properties);
    }

    /** Starts PostgreSQL and s3proxy with their files under {@code root}, stopping any left over from an interrupted run first. */
    public static TestServers start(Path root, Path s3proxyJar) throws IOException, InterruptedException {
        root = root.toAbsolutePath().normalize();
        if (Files.isRegularFile(root.resolve(PROPERTIES))) {
            stop(root);
        }
        deleteRecursively(root);
        Files.createDirectories(root);
        Properties properties = new Properties();
        long started = System.nanoTime();
        startPostgres(root, properties);
        startS3Proxy(root, s3proxyJar, properties);
        try (OutputStream out = Files.newOutputStream(root.resolve(PROPERTIES))) {
            properties.store(out, "test servers; stop with TestServers stop " + root);
        }
        System.out.printf("[test-servers] PostgreSQL on 127.0.0.1:%s, s3proxy on 127.0.0.1:%s (started in %.1f s; files in %s)%n",
                properties.getProperty("pg.port"), properties.getProperty("s3.port"), (System.nanoTime() - started) / 1e9, root);
        return new TestServers(properties);
    }

    public static void stop(Path root) throws IOException, InterruptedException {
        Path file = root.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            return;
        }
        TestServers servers = load(root);
        String pid = servers.values.getProperty("s3.pid");
        if (pid != null) {
            // poll rather than onExit(): exec:java complains about the reaper thread onExit() would leave behind
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                process.destroy();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (process.isAlive() && System.nanoTime() < deadline) {
                    sleep(100);
                }
                process.destroyForcibly();
            });
        }
        String data = servers.values.getProperty("pg.data");
        try {
            run(asPostgresUser(List.of(Path.of(servers.values.getProperty("pg.bin"), "pg_ctl").toString(), "-D", data, "-m", "fast", "-w", "stop")), null);
        } catch (IOException e) {
            System.out.println("[test-servers] " + e.getMessage());
        }
        if (!Path.of(data).startsWith(root.toAbsolutePath().normalize())) {
            deleteRecursively(Path.of(data)); // the /tmp fallback of startPostgres
        }
        Files.delete(file);
        System.out.println("[test-servers] stopped PostgreSQL and s3proxy of " + root);
    }

    static void startPostgres(Path root, Properties properties) throws IOException, InterruptedException {
        Path bin = postgresBin();
        Path data = root.resolve("pg");
        Files.createDirectories(data);
        if (isRoot()) {
            // PostgreSQL refuses to run as root: its files belong to the postgres user, who may not be able to
            // reach a checkout under a private home folder; then the data goes to a folder of its own in /tmp.
            run(List.of("chown", "postgres", data.toString()), null);
            if (!reachableByPostgres(data)) {
                data = Files.createTempDirectory("testbed-it-pg-");
                run(List.of("chown", "postgres", data.toString()), null);
            }
        }
        Path passwordFile = data.resolveSibling(data.getFileName() + "-password");
        Files.writeString(passwordFile, PG_PASSWORD + "\n");
        if (isRoot()) {
            run(List.of("chown", "postgres", passwordFile.toString()), null);
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        run(asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", PG_USER, "--auth=scram-sha-256",
                "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale")), null);
        Files.delete(passwordFile);
        int port = freePort();
        run(asPostgresUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", data.resolve("server.log").toString(),
                // TCP only (-k ''): a Unix socket under the data folder fails to start in a long checkout path,
                // since socket paths are limited to 107 bytes; every client here connects to 127.0.0.1 anyway
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k ''", "start")), null);
        properties.setProperty("pg.port", String.valueOf(port));
        properties.setProperty("pg.bin", bin.toString());
        properties.setProperty("pg.data", data.toString());
    }

    private static void startS3Proxy(Path root, Path jar, Properties properties) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy is missing: " + jar + " (maven-dependency-plugin copies it in pre-integration-test)");
        }
        Path objects = root.resolve("s3");
        Files.createDirectories(objects.resolve(BUCKET)); // with the filesystem backend a bucket is a folder
        int port = freePort();
        Path config = root.resolve("s3proxy.properties");
        Files.writeString(config, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + S3_KEY_ID,
                "s3proxy.credential=" + S3_SECRET,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + objects,
                "jclouds.region=us-east-1", ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar.toString(), "--properties", config.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("s3proxy did not start; see " + root.resolve("s3proxy.log"));
            }
            Thread.sleep(100);
        }
        properties.setProperty("s3.port", String.valueOf(port));
        properties.setProperty("s3.pid", String.valueOf(process.pid()));
        properties.setProperty("s3.root", objects.toString());
    }

    /** The real PostgreSQL binaries: Debian puts them under /usr/lib/postgresql/VERSION/bin (PATH has wrappers); else PATH's. */
    static Path postgresBin() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no initdb found); on Debian: apt-get install postgresql");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean reachableByPostgres(Path folder) {
        try {
            run(asPostgresUser(List.of("test", "-w", folder.toString())), null);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgresUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command to its end; fails with its output when it fails. PGPASSWORD lets psql and createdb log in. */
    private static String run(List<String> command, Path workingDirectory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Map<String, String> env = builder.environment();
        env.put("PGPASSWORD", PG_PASSWORD);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** {@code start <folder> <s3proxy jar>} or {@code stop <folder>}: the build's pre- and post-integration-test steps. */
    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "start" -> start(Path.of(args[1]), Path.of(args[2]));
            case "stop" -> stop(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: TestServers start <folder> <s3proxy jar> | stop <folder>");
        }
    }
}
