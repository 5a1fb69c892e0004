package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {% snapshot name %} ... {% endsnapshot %}} blocks of a file under a snapshot path, each a snapshot whose SQL is
 * the block's body. Text outside the blocks is ignored, as dbt ignores it.
 */
final class SnapshotBlocks {

    private static final Pattern START = Pattern.compile("\\{%-?\\s*snapshot\\s+(\\w+)\\s*-?%}");
    private static final Pattern END = Pattern.compile("\\{%-?\\s*endsnapshot\\s*-?%}");

    private SnapshotBlocks() {
    }

    /**
     * The file's snapshots in order. Each body is preceded by as many newlines as the file has before it, so that a
     * template error's line number is the file's.
     *
     * @throws TestbedException for a block without its {@code endsnapshot}, naming the file and line
     */
    static List<ModelFile> read(Path file, String relativePath, String text) {
        List<ModelFile> snapshots = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            Matcher end = END.matcher(text);
            if (!end.find(start.end())) {
                throw new TestbedException(relativePath + ", line " + line(text, start.start()) + ": the snapshot '" + start.group(1)
                        + "' has no {% endsnapshot %}.", "End the block with {% endsnapshot %}.");
            }
            String before = "\n".repeat(line(text, start.end()) - 1);
            snapshots.add(new ModelFile(start.group(1), file, relativePath, before + text.substring(start.end(), end.start())));
            from = end.end();
        }
        return snapshots;
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
