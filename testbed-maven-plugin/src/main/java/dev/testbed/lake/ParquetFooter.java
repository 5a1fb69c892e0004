package dev.testbed.lake;

import dev.testbed.core.TestbedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * The footer of a Parquet file: its row count and top-level columns, read without Hadoop. A file ends
 * with the Thrift-encoded footer, its 4-byte little-endian length and the magic {@code PAR1}.
 *
 * @param file    the file it was read from
 * @param rows    number of rows
 * @param columns top-level columns in file order
 * @param raw     the footer bytes, which change whenever the data or its layout does (used for fingerprints)
 */
public record ParquetFooter(Path file, long rows, List<SchemaElement> columns, byte[] raw) {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    public static ParquetFooter read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TestbedException("Parquet file " + file + " does not exist.",
                    "Run the generate-data goal first (mvn generate-resources), or point -Dtestbed.dataDirectory at the folder holding the files.");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 12) {
                throw notParquet(file, "it is only " + size + " bytes long");
            }
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(tail, size - 8);
            tail.flip();
            int footerLength = tail.getInt();
            byte[] magic = new byte[4];
            tail.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw notParquet(file, "it does not end with the Parquet magic bytes PAR1 (truncated or not Parquet)");
            }
            if (footerLength <= 0 || footerLength > size - 12) {
                throw notParquet(file, "its footer length " + footerLength + " does not fit in a file of " + size + " bytes");
            }
            ByteBuffer footer = ByteBuffer.allocate(footerLength);
            channel.read(footer, size - 8 - footerLength);
            byte[] raw = footer.array();
            FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(raw));
            return new ParquetFooter(file, metadata.getNum_rows(), topLevelColumns(metadata.getSchema()), raw);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TestbedException testbed) {
                throw testbed;
            }
            throw notParquet(file, "its footer cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The schema is a flattened tree, root first; keep the root's direct children. */
    private static List<SchemaElement> topLevelColumns(List<SchemaElement> schema) {
        List<SchemaElement> columns = new ArrayList<>();
        int index = 1;
        while (index < schema.size()) {
            SchemaElement element = schema.get(index);
            columns.add(element);
            index = skipSubtree(schema, index);
        }
        return columns;
    }

    private static int skipSubtree(List<SchemaElement> schema, int index) {
        int children = schema.get(index).isSetNum_children() ? schema.get(index).getNum_children() : 0;
        int next = index + 1;
        for (int i = 0; i < children; i++) {
            next = skipSubtree(schema, next);
        }
        return next;
    }

    private static TestbedException notParquet(Path file, String why) {
        return new TestbedException("Parquet file " + file + " is unreadable: " + why + ".",
                "Regenerate it (mvn generate-resources -Dtestbed.generate.force) or replace it with a valid Parquet file.");
    }
}
