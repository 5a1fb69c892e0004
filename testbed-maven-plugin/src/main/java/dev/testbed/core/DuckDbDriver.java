package dev.testbed.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * duckdb_jdbc's driver, with its native library loaded from an unpacked copy kept between builds once a folder for it is
 * set ({@link #keepNativeLibraryIn}); else exactly as the classpath has it.
 *
 * <p>The driver (1.5.5) looks its library up as a resource of its own class loader, {@code libduckdb_java.so_<os>_<arch>},
 * and copies whatever it finds into a temp file that it then loads. Read from its jar, that copy inflates 20 MB into 60 MB:
 * about 0.28 s of one core in every process that starts DuckDB, the largest fixed cost of a default-size build. Only when
 * its class loader has no such resource does it look elsewhere: {@code java.library.path}, then the folder of the jar it
 * was loaded from. A Maven plugin realm asks its own jars before anything a plugin could add, so with a folder set the
 * driver's classes are loaded by a class loader of their own, from a link to the driver's jar placed beside the unpacked
 * library: that loader has no library resource, and the driver loads the unpacked library where it lies, with no copy at
 * all. Where no link can be made, the loader answers the lookup with the unpacked copy instead, which the driver then
 * copies as a plain file (about 0.03 s). Either way it loads and runs the same code.
 *
 * <p>The copy is written once per driver build, into a folder named by the jar entry's CRC-32 and size, checked against
 * that CRC and moved into place in one step: a reader sees a complete copy or none, and a driver of another version never
 * finds a copy that is not its own. Whatever fails on the way (no jar, a folder that cannot be written), the driver is
 * loaded from the classpath as before, and the reason goes to the debug log.
 */
public final class DuckDbDriver {

    private static Path nativeLibraryFolder;
    private static Reporter reporter = event -> { };
    private static Driver driver;

    private DuckDbDriver() {
    }

    /**
     * Has this JVM's first DuckDB start load the driver with its native library unpacked in {@code folder} (made there
     * first if need be); null, or a call after DuckDB started, changes nothing.
     */
    public static synchronized void keepNativeLibraryIn(Path folder, Reporter log) {
        if (driver == null) {
            nativeLibraryFolder = folder;
            reporter = log;
        }
    }

    /** A new connection to {@code url} ({@code jdbc:duckdb:…}). */
    static Connection connect(String url) throws SQLException {
        Connection connection = driver().connect(url, new Properties());
        if (connection == null) {
            throw new SQLException("duckdb_jdbc does not accept the URL " + url);
        }
        return connection;
    }

    /**
     * A second connection to the DuckDB database of {@code connection}, whichever class loader loaded its driver: its
     * in-memory database and attached lakes included.
     */
    public static Connection duplicate(Connection connection) throws SQLException {
        try {
            return (Connection) connection.getClass().getMethod("duplicate").invoke(connection);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("duckdb_jdbc could not duplicate a connection", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("duckdb_jdbc's connections have no duplicate() any more: " + e, e);
        }
    }

    private static synchronized Driver driver() throws SQLException {
        if (driver == null) {
            driver = nativeLibraryFolder == null ? fromClasspath() : withUnpackedLibrary(nativeLibraryFolder);
        }
        return driver;
    }

    private static Driver fromClasspath() throws SQLException {
        try {
            return (Driver) Class.forName("org.duckdb.DuckDBDriver").getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new TestbedException("The DuckDB JDBC driver is not on the classpath.", "Add org.duckdb:duckdb_jdbc to the plugin's dependencies.", e);
        } catch (ReflectiveOperationException e) {
            throw new SQLException("Cannot create duckdb_jdbc's driver: " + e, e);
        }
    }

    static Driver withUnpackedLibrary(Path folder) throws SQLException {
        String name = nativeLibraryName();
        URL packed = DuckDbDriver.class.getClassLoader().getResource(name);
        URL driverClass = DuckDbDriver.class.getClassLoader().getResource("org/duckdb/DuckDBDriver.class");
        if (packed == null || driverClass == null || !"jar".equals(packed.getProtocol()) || !"jar".equals(driverClass.getProtocol())) {
            reporter.debug("DuckDB unpacks its native library as usual: the driver's jar holds no " + name + ".");
            return fromClasspath();
        }
        try {
            Path copy = unpacked(packed, folder, name);
            Path jar = Path.of(((JarURLConnection) driverClass.openConnection()).getJarFileURL().toURI());
            // A JVM loads one library file for one class loader only: when another plugin realm, or a Maven daemon's earlier
            // build, loaded this one already, this driver loads a copy of it, a file of its own.
            boolean loadedBefore = loadedInThisJvm(copy);
            Optional<Path> beside = onLibraryPath() || loadedBefore ? Optional.empty() : linkBeside(jar, copy.getParent());
            if (beside.isPresent()) {
                try {
                    Driver loaded = load(new DriverLoader(beside.get().toUri().toURL(), name, null));
                    markLoaded(copy);
                    reporter.debug("DuckDB loads its native library directly from " + copy + ", unpacked once from " + packed + ".");
                    return loaded;
                } catch (LinkageError e) {
                    reporter.debug("DuckDB could not load its native library " + copy + " directly (" + e + "); this driver loads a copy of it.");
                }
            }
            Driver loaded = load(new DriverLoader(jar.toUri().toURL(), name, copy.toUri().toURL()));
            reporter.debug("DuckDB loads its native library from a copy of " + copy + ", unpacked once from " + packed + ".");
            return loaded;
        } catch (IOException | URISyntaxException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the classpath's driver then meets the same trouble, if any, and reports it as it always did
            reporter.debug("DuckDB unpacks its native library as usual: no copy in " + folder + " (" + FileErrors.describe(e) + ").");
            return fromClasspath();
        }
    }

    /**
     * Which library files drivers of this JVM loaded directly, for every class loader to see: a system property, since each
     * plugin realm has classes (and statics) of its own.
     */
    private static final String LOADED = "dev.testbed.duckdb.loadedLibraries";

    private static boolean loadedInThisJvm(Path library) {
        return List.of(System.getProperty(LOADED, "").split(java.io.File.pathSeparator)).contains(library.toString());
    }

    private static synchronized void markLoaded(Path library) {
        String loaded = System.getProperty(LOADED, "");
        System.setProperty(LOADED, loaded.isEmpty() ? library.toString() : loaded + java.io.File.pathSeparator + library);
    }

    /** The driver of {@code loader}, its native library loaded now (the driver itself loads it only at its first connection). */
    private static Driver load(DriverLoader loader) throws ReflectiveOperationException {
        Class.forName("org.duckdb.DuckDBNative", true, loader);
        return (Driver) Class.forName("org.duckdb.DuckDBDriver", true, loader).getConstructor().newInstance();
    }

    /**
     * A link to the driver's jar in the folder of the unpacked library, or empty where the file system makes none. Loaded
     * from there, the driver, finding no library among its resources, loads the one in its jar's folder as it is: no copy
     * into a temp file at all. The link bears the jar's own name, so two driver versions never share one.
     */
    static Optional<Path> linkBeside(Path jar, Path folder) {
        Path link = folder.resolve(jar.getFileName());
        try {
            if (Files.exists(link) && Files.isSameFile(link, jar)) {
                return Optional.of(link);
            }
            Path made = folder.resolve(jar.getFileName() + "." + ProcessHandle.current().pid() + ".link");
            Files.deleteIfExists(made);
            try {
                Files.createSymbolicLink(made, jar);
            } catch (IOException | UnsupportedOperationException e) {
                Files.createLink(made, jar); // where symbolic links need privileges (Windows), a hard link may still do
            }
            try {
                Files.move(made, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(made, link, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(link);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * True when a {@code duckdb_java} library lies on {@code java.library.path}: the driver, finding no library among its
     * resources, would try that one first, whatever its version, so the library is then handed to it as a resource.
     */
    private static boolean onLibraryPath() {
        String library = System.mapLibraryName("duckdb_java");
        for (String folder : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!folder.isBlank() && Files.exists(Path.of(folder, library))) {
                return true;
            }
        }
        return false;
    }

    /** The unpacked copy of the jar entry {@code packed} in {@code cacheFolder}, written first when it has none. */
    static Path unpacked(URL packed, Path cacheFolder, String name) throws IOException {
        JarURLConnection connection = (JarURLConnection) packed.openConnection();
        JarEntry entry = connection.getJarEntry();
        if (entry.getSize() < 0 || entry.getCrc() < 0) {
            throw new IOException("the jar does not record the size and CRC of " + name);
        }
        Path folder = cacheFolder.resolve("duckdb-native").resolve(String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize()));
        Path copy = folder.resolve(name);
        if (Files.isRegularFile(copy) && Files.size(copy) == entry.getSize()) {
            return copy;
        }
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, name, ".part");
        try {
            CRC32 crc = new CRC32();
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[1 << 16];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            if (crc.getValue() != entry.getCrc() || Files.size(partial) != entry.getSize()) {
                throw new IOException("the unpacked " + name + " does not match the CRC and size its jar records");
            }
            try {
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The resource name duckdb_jdbc looks its library up by on this platform (its {@code DuckDBNative.nativeLibName}). */
    static String nativeLibraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).strip();
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).strip();
        String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "osx" : os.startsWith("linux") ? "linux" : os;
        String archName = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return "libduckdb_java.so_" + osName + "_" + ("osx".equals(osName) ? "universal" : archName);
    }

    /**
     * Loads the driver's classes from its jar, below the JDK's platform classes only, and answers the lookup of the
     * native library with the unpacked copy, or with nothing when the library lies beside the jar it loads from.
     *
     * <p>It also keeps {@code jdk.jfr} from the driver unless a flight recording runs: duckdb_jdbc registers a periodic JFR
     * event for DuckDB's memory when its driver class loads, which starts JFR's event metadata, about 0.07 s of one core,
     * in a build nobody records. The driver treats JFR's absence as normal (it logs it at {@code FINE}); in a JVM started
     * with {@code -XX:StartFlightRecording} the event is registered as before.
     */
    private static final class DriverLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final String libraryName;
        private final URL library;
        private final boolean withFlightRecorder = jdk.jfr.FlightRecorder.isInitialized();

        DriverLoader(URL jar, String libraryName, URL library) {
            super("duckdb_jdbc", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            this.libraryName = libraryName;
            this.library = library;
        }

        @Override
        public URL getResource(String name) {
            return libraryName.equals(name) ? library : super.getResource(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!withFlightRecorder && name.startsWith("jdk.jfr.")) {
                throw new ClassNotFoundException(name + " (no flight recording runs in this JVM)");
            }
            return super.loadClass(name, resolve);
        }
    }
}
