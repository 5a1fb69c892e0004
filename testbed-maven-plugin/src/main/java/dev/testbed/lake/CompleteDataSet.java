package dev.testbed.lake;

import dev.testbed.core.DataFiles;
import dev.testbed.core.DatasetManifest;
import dev.testbed.core.FileErrors;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The check that a data directory holds one whole data set before load-ducklake touches the lake. A
 * generate-data run that is killed part way leaves its finished files, perhaps an unfinished {@code *.part}
 * file, and no manifest (it deletes the old one first and writes the new one last); the files alone load
 * without an error, so only the manifest can tell a whole data set from a part of one.
 *
 * <p>Unfinished {@code *.part} files are refused in every case. The manifest is required unless the user
 * says the files are their own ({@code testbed.load.requireManifest=false}); then no manifest is needed, and
 * one that is present is not compared either, since the user vouches for the files.
 */
final class CompleteDataSet {

    /** How many file names a message lists before "and N more". */
    private static final int NAMES_SHOWN = 5;

    private static final String REGENERATE = "Run generate-data (mvn generate-resources; add -Dtestbed.generate.force to rewrite"
            + " every file) and load again.";
    private static final String OWN_FILES = " If these are Parquet files of your own, not made by generate-data, set"
            + " -Dtestbed.load.requireManifest=false.";

    private CompleteDataSet() {
    }

    /** Throws a {@link TestbedException} naming what is incomplete, unless {@code directory} holds one whole data set. */
    static void verify(Path directory, boolean requireManifest) {
        List<Path> partial = DataFiles.partialFiles(directory);
        if (!partial.isEmpty()) {
            throw new TestbedException(directory + " holds " + count(partial.size(), "unfinished file") + " ("
                    + names(partial.stream().map(f -> DataFiles.relative(directory, f)).toList())
                    + "): a generate-data run was stopped part way, so the data set is incomplete and was not loaded.",
                    REGENERATE + " generate-data removes the unfinished files; for files of your own, delete them.");
        }
        if (!requireManifest) {
            return;
        }
        Path manifestFile = directory.resolve(DatasetManifest.FILE_NAME);
        DatasetManifest manifest = DatasetManifest.read(directory).orElseThrow(() -> new TestbedException(
                directory + " holds no complete data set: its manifest " + DatasetManifest.FILE_NAME
                        + (Files.exists(manifestFile) ? " cannot be read (damaged, or written by an older plugin)"
                        : " is missing, and generate-data writes it only after the last file (a run stopped part way, or files"
                        + " not made by generate-data)") + "; nothing was loaded.",
                REGENERATE + OWN_FILES));
        Map<String, Long> expected = new TreeMap<>();
        manifest.files().forEach((name, stamp) -> expected.put(name, stamp.size()));
        Map<String, Long> found = filesAndSizes(directory);
        List<String> missing = expected.keySet().stream().filter(name -> !found.containsKey(name)).toList();
        List<String> extra = found.keySet().stream().filter(name -> !expected.containsKey(name)).toList();
        List<String> resized = expected.keySet().stream()
                .filter(name -> found.containsKey(name) && !found.get(name).equals(expected.get(name))).toList();
        if (missing.isEmpty() && extra.isEmpty() && resized.isEmpty()) {
            return;
        }
        List<String> differences = new ArrayList<>();
        if (!missing.isEmpty()) {
            differences.add(missing.size() + " of its " + count(expected.size(), "file") + " missing (" + names(missing) + ")");
        }
        if (!extra.isEmpty()) {
            differences.add(count(extra.size(), "file") + " it does not list (" + names(extra) + ")");
        }
        if (!resized.isEmpty()) {
            differences.add(count(resized.size(), "file") + " of another size than written (" + names(resized) + ")");
        }
        throw new TestbedException(directory + " does not hold the data set its manifest describes (" + manifest.description()
                + "): " + String.join("; ", differences) + ". Nothing was loaded.", REGENERATE + OWN_FILES);
    }

    private static Map<String, Long> filesAndSizes(Path directory) {
        Map<String, Long> found = new TreeMap<>();
        for (RawTable table : RawTable.values()) {
            for (Path file : DataFiles.find(directory, table)) {
                try {
                    found.put(DataFiles.relative(directory, file), Files.size(file));
                } catch (IOException e) {
                    FileErrors.Reason reason = FileErrors.reason(e);
                    throw new TestbedException("Cannot read the size of " + file + ": " + reason.text(),
                            FileErrors.hint(reason.kind(), file.toString()), e);
                }
            }
        }
        return found;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String names(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() > NAMES_SHOWN ? shown + " and " + (names.size() - NAMES_SHOWN) + " more" : shown;
    }
}
