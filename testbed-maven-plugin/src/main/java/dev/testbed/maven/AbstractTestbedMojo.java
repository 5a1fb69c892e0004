package dev.testbed.maven;

import dev.testbed.core.DuckDbDriver;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.ExtensionIndex;
import dev.testbed.core.FileErrors;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters every goal shares (where DuckDB finds its extensions), and the translation of engine errors into Maven's. */
abstract class AbstractTestbedMojo extends AbstractMojo {

    /**
     * Directory DuckDB loads extensions from (it holds {@code v<version>/<platform>/ducklake.duckdb_extension}).
     * Empty uses DuckDB's default, {@code $HOME/.duckdb/extensions} (the {@code HOME} environment variable, not
     * Java's {@code user.home}). Missing extensions are installed there.
     */
    @Parameter(property = "testbed.extensionDirectory")
    File extensionDirectory;

    /**
     * Extension repository to install from when an extension is not installed yet, for example a mirror
     * of {@code http://extensions.duckdb.org}. Empty uses DuckDB's default repository.
     */
    @Parameter(property = "testbed.extensionRepository")
    String extensionRepository;

    /**
     * Python package index (PEP 503 "simple" format) to fetch an extension's wheel ({@code duckdb-extension-<name>})
     * from when it is not installed and DuckDB's own install fails, for example a company mirror of PyPI such as
     * {@code https://nexus.example.com/repository/pypi/simple}. The wheel's sha256 must match the index's.
     */
    @Parameter(property = "testbed.extensionIndex", defaultValue = ExtensionIndex.DEFAULT_URL)
    String extensionIndex;

    /**
     * The project's build directory: every goal's DuckDB spills into a {@code duckdb-<pid>-<n>} folder in it unless
     * {@code testbed.tempDirectory} names another folder.
     */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    File projectBuildDirectory;

    /**
     * Folder where the first build that starts DuckDB unpacks the driver's native library, once per DuckDB version (60 MB
     * on Linux), so that later builds start DuckDB without inflating it from the driver's jar (about 0.25 s of every
     * build that starts DuckDB). The default is in the local Maven repository, which CI systems usually keep between
     * builds. {@code none} turns the copy off: the driver then unpacks its library into a temp file in every build.
     */
    @Parameter(property = "testbed.nativeLibraryCache", defaultValue = "${settings.localRepository}/.cache/testbed")
    String nativeLibraryCache;

    /** DuckDB's threads and memory for this goal: its defaults unless the goal declares the parameters. */
    DuckDbTuning tuning() {
        return DuckDbTuning.DUCKDB_DEFAULTS;
    }

    DuckDbSettings duckDbSettings() {
        DuckDbTuning tuning = tuning();
        return new DuckDbSettings(tuning.threads(), tuning.memoryLimit(), tuning.tempDirectoryOr(projectBuildDirectory),
                extensionDirectory == null ? null : extensionDirectory.toPath(), extensionRepository,
                new ExtensionIndex(extensionIndex, reporter()));
    }

    Reporter reporter() {
        return new MavenLogReporter(getLog(), this::redact);
    }

    /** The text with every credential this goal knows replaced by {@code ****}: applied to every log line and error. */
    String redact(String text) {
        return text;
    }

    /** True when this goal's {@code skip} switch is set. */
    abstract boolean skip();

    /** The goal's work, free to throw {@link TestbedException}. */
    abstract void run() throws MojoExecutionException, MojoFailureException;

    /**
     * Called when the goal ends, skipped, done or {@code failed}: settles what it leaves attached for later goals of the
     * build (see {@link HeldLakes}).
     */
    void finish(boolean failed) {
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip()) {
            getLog().info("Skipping (skip is set).");
            finish(false);
            return;
        }
        if (nativeLibraryCache != null && !nativeLibraryCache.isBlank() && !"none".equals(nativeLibraryCache.strip())) {
            DuckDbDriver.keepNativeLibraryIn(Path.of(nativeLibraryCache.strip()), reporter());
        }
        boolean failed = true;
        try {
            run();
            failed = false;
        } catch (TestbedException e) {
            // The message already says what happened and what to do; Maven would append every cause's
            // message to it, so keep the technical chain for -X only (causes may quote SQL, hence no
            // stack trace with their messages: only the redacted text).
            getLog().debug(redact(e.toString()));
            throw new MojoExecutionException(redact(e.getMessage()));
        } catch (MojoFailureException e) {
            throw new MojoFailureException(redact(e.getMessage()));
        } catch (RuntimeException e) {
            // An engine bug or a failure nobody turned into a TestbedException yet. Thrown on, Maven would show
            // it as "Execution … failed" with the raw exception; said as a build error, it keeps its message
            // and the operating system's reason, and the stack trace stays available with -X.
            getLog().debug(redact(stackTrace(e)));
            throw new MojoExecutionException(redact(unexpectedFailure(e)));
        } finally {
            finish(failed);
        }
    }

    /** The exception's message, followed by the operating system's reason when a file operation below it failed. */
    static String unexpectedFailure(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        String reason = FileErrors.describe(e);
        return (message.contains(reason) ? message : message + ": " + reason)
                + System.lineSeparator() + "  -> This is unexpected; run again with -X for the stack trace and report it if the cause is not yours to fix.";
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
