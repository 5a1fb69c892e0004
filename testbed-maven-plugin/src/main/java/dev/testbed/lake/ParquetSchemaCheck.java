package dev.testbed.lake;

import dev.testbed.core.Column;
import dev.testbed.core.ColumnType;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * Checks a Parquet file's columns against the warehouse contract before anything is loaded, so a wrong
 * file fails with the file and column named instead of a type error half-way through a load.
 */
public final class ParquetSchemaCheck {

    private ParquetSchemaCheck() {
    }

    public static void check(RawTable table, ParquetFooter footer) {
        Map<String, SchemaElement> found = new LinkedHashMap<>();
        for (SchemaElement element : footer.columns()) {
            found.put(element.getName(), element);
        }
        for (Column column : table.columns()) {
            SchemaElement element = found.remove(column.name());
            if (element == null) {
                throw mismatch(table, footer, "has no column '" + column.name() + "' (expected " + column.type().sql() + ")");
            }
            String actual = describe(element);
            if (!matches(column.type(), element)) {
                throw mismatch(table, footer, "has column '" + column.name() + "' of type " + actual + ", expected " + column.type().sql());
            }
        }
        if (!found.isEmpty()) {
            throw mismatch(table, footer, "has unexpected column(s) " + found.keySet() + "; " + table.tableName() + " has exactly " + table.columnList());
        }
    }

    /**
     * True when a file that passed {@link #check} holds exactly the table's columns, in its order and
     * with its types: then DuckLake can take it as one of the table's data files. A file may pass the
     * check with a narrower DECIMAL, which DuckDB widens on insert but which cannot be registered.
     */
    public static boolean exact(RawTable table, ParquetFooter footer) {
        if (footer.columns().size() != table.columns().size()) {
            return false;
        }
        for (int i = 0; i < table.columns().size(); i++) {
            Column column = table.columns().get(i);
            SchemaElement element = footer.columns().get(i);
            if (!element.getName().equals(column.name()) || !matches(column.type(), element)) {
                return false;
            }
            if (column.type() instanceof ColumnType.Decimal decimal
                    && precision(element, element.isSetLogicalType() ? element.getLogicalType() : null) != decimal.precision()) {
                return false;
            }
        }
        return true;
    }

    private static TestbedException mismatch(RawTable table, ParquetFooter footer, String problem) {
        return new TestbedException("Parquet file " + footer.file() + " does not match table " + table.qualifiedName() + ": it " + problem + ".",
                "Regenerate the data with the generate-data goal, or fix the file so its columns are: " + table.columnDefinitions() + ".");
    }

    static boolean matches(ColumnType expected, SchemaElement element) {
        if (!element.isSetType() || element.getRepetition_type() == FieldRepetitionType.REPEATED) {
            return false; // groups and lists never match a scalar column
        }
        LogicalType logical = element.isSetLogicalType() ? element.getLogicalType() : null;
        ConvertedType converted = element.isSetConverted_type() ? element.getConverted_type() : null;
        Type physical = element.getType();
        if (expected instanceof ColumnType.Decimal decimal) {
            return isDecimal(logical, converted)
                    && scale(element, logical) == decimal.scale()
                    && precision(element, logical) <= decimal.precision();
        }
        return switch ((ColumnType.Simple) expected) {
            case BIGINT -> physical == Type.INT64 && plainInteger(logical, converted, 64);
            case INTEGER -> physical == Type.INT32 && plainInteger(logical, converted, 32);
            case VARCHAR -> physical == Type.BYTE_ARRAY
                    && ((logical != null && logical.isSetSTRING()) || converted == ConvertedType.UTF8);
            case DATE -> physical == Type.INT32 && ((logical != null && logical.isSetDATE()) || converted == ConvertedType.DATE);
            case BOOLEAN -> physical == Type.BOOLEAN;
        };
    }

    /** Signed integer of the given width, or a bare physical integer with no annotation. */
    private static boolean plainInteger(LogicalType logical, ConvertedType converted, int bits) {
        if (logical != null && logical.isSetINTEGER()) {
            return logical.getINTEGER().isIsSigned() && logical.getINTEGER().getBitWidth() == bits;
        }
        if (logical != null) {
            return false;
        }
        return converted == null || converted == (bits == 64 ? ConvertedType.INT_64 : ConvertedType.INT_32);
    }

    private static boolean isDecimal(LogicalType logical, ConvertedType converted) {
        return (logical != null && logical.isSetDECIMAL()) || converted == ConvertedType.DECIMAL;
    }

    private static int scale(SchemaElement element, LogicalType logical) {
        return logical != null && logical.isSetDECIMAL() ? logical.getDECIMAL().getScale() : element.getScale();
    }

    private static int precision(SchemaElement element, LogicalType logical) {
        return logical != null && logical.isSetDECIMAL() ? logical.getDECIMAL().getPrecision() : element.getPrecision();
    }

    /** The column's type in the words a user recognises (DuckDB's, with the Parquet encoding in brackets). */
    static String describe(SchemaElement element) {
        if (!element.isSetType()) {
            return "a nested group";
        }
        LogicalType logical = element.isSetLogicalType() ? element.getLogicalType() : null;
        ConvertedType converted = element.isSetConverted_type() ? element.getConverted_type() : null;
        String physical = element.getType().name();
        if (isDecimal(logical, converted)) {
            return "DECIMAL(" + precision(element, logical) + "," + scale(element, logical) + ") [" + physical + "]";
        }
        if ((logical != null && logical.isSetSTRING()) || converted == ConvertedType.UTF8) {
            return "VARCHAR [" + physical + "]";
        }
        if ((logical != null && logical.isSetDATE()) || converted == ConvertedType.DATE) {
            return "DATE [" + physical + "]";
        }
        if (logical != null && logical.isSetTIMESTAMP()) {
            return "TIMESTAMP [" + physical + "]";
        }
        if (logical != null && logical.isSetINTEGER()) {
            return (logical.getINTEGER().isIsSigned() ? "INT" : "UINT") + logical.getINTEGER().getBitWidth() + " [" + physical + "]";
        }
        return switch (element.getType()) {
            case INT32 -> "INTEGER [INT32]";
            case INT64 -> "BIGINT [INT64]";
            case BOOLEAN -> "BOOLEAN";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case BYTE_ARRAY -> "BLOB [BYTE_ARRAY]";
            default -> physical;
        };
    }
}
