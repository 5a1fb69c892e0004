package dev.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, small file system (tmpfs) for tests of what happens when the disk is full: the errors must keep the
 * operating system's "No space left on device", and a simulated exception would not show what DuckDB and the
 * JDK really report. Mounting needs root; elsewhere {@link #mount} is empty and the test is skipped.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path folder;

    private SmallDisk(Path folder) {
        this.folder = folder;
    }

    /** Mounts a tmpfs of about {@code bytes} (whole pages) on {@code folder}, or empty when this user cannot. */
    public static Optional<SmallDisk> mount(Path folder, long bytes) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        Files.createDirectories(folder);
        long kilobytes = Math.max(4, (bytes + 4095) / 4096 * 4);
        return run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", folder.toString())
                ? Optional.of(new SmallDisk(folder)) : Optional.empty();
    }

    public Path folder() {
        return folder;
    }

    /** Bytes in regular files on the disk. */
    public long bytesUsed() throws IOException {
        return sizeOf(folder);
    }

    /** Total size of the regular files below {@code folder}. */
    public static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            long size = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                size += Files.size(file);
            }
            return size;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!run("umount", folder.toString())) {
            run("umount", "-l", folder.toString()); // still busy (a file left open): detach it, the kernel frees it later
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
