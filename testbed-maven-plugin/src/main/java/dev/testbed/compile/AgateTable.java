package dev.testbed.compile;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A query's result as dbt's macros see it: the agate table of {@code run_query} and {@code load_result(...).table}.
 * {@code rows} (each row indexed by position, also negative, and by column name), {@code columns} (each with
 * {@code name} and {@code values()}), {@code column_names}; values are those of {@link PythonValues}.
 */
public final class AgateTable {

    private final List<String> names;
    private final List<Row> rows;
    private final List<AgateColumn> columns;

    private AgateTable(List<String> names, List<List<Object>> data) {
        this.names = List.copyOf(names);
        List<Row> rowList = new ArrayList<>(data.size());
        data.forEach(values -> rowList.add(new Row(this.names, values)));
        this.rows = List.copyOf(rowList);
        List<AgateColumn> columnList = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            List<Object> values = new ArrayList<>(data.size());
            for (List<Object> row : data) {
                values.add(row.get(i));
            }
            columnList.add(new AgateColumn(names.get(i), values));
        }
        this.columns = List.copyOf(columnList);
    }

    /** The table of a result, its values converted as dbt's agate tables hold them. */
    static AgateTable of(CompileDatabase.Result result) {
        List<List<Object>> data = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> values = new ArrayList<>(row.size());
            row.forEach(value -> values.add(PythonValues.of(value)));
            data.add(values);
        }
        return new AgateTable(result.columns().stream().map(CompileDatabase.Column::name).toList(), data);
    }

    /** dbt's {@code load_result(...).data}: the rows as lists of values. */
    List<List<Object>> data() {
        return rows.stream().map(row -> (List<Object>) new ArrayList<>(row.values)).toList();
    }

    public List<Row> getRows() {
        return rows;
    }

    public List<AgateColumn> getColumns() {
        return columns;
    }

    /** {@code column_names}. */
    public List<String> getColumnNames() {
        return names;
    }

    @Override
    public String toString() {
        return "<agate.Table: " + names.size() + " columns, " + rows.size() + " rows>";
    }

    /** A column of the table: {@code name} and {@code values()}. */
    public static final class AgateColumn {

        private final String name;
        private final List<Object> values;

        AgateColumn(String name, List<Object> values) {
            this.name = name;
            this.values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        public String getName() {
            return name;
        }

        public List<Object> values() {
            return values;
        }

        @Override
        public String toString() {
            return "<agate.Column: " + name + ">";
        }
    }

    /**
     * A row: agate's rows are sequences that also map column names to values, so {@code row[0]}, {@code row[-1]},
     * {@code row['name']} and {@code row.values()} all work; iterating a row gives its column names (Jinjava iterates
     * mappings by key), unlike agate, which gives the values.
     */
    public static final class Row extends AbstractMap<String, Object> implements PyishSerializable {

        private final List<String> names;
        private final List<Object> values;

        Row(List<String> names, List<Object> values) {
            this.names = names;
            this.values = new ArrayList<>(values);
        }

        @Override
        public Object get(Object key) {
            int named = names.indexOf(String.valueOf(key));
            if (named >= 0) {
                return values.get(named);
            }
            // Jinjava hands every subscript of a mapping over as text, row[0] too
            Integer position = position(key);
            if (position != null) {
                int index = position < 0 ? values.size() + position : position;
                if (index < 0 || index >= values.size()) {
                    throw Render.current().fail("row index " + position + " is out of range: the row has " + values.size() + " values",
                            "Index from 0 to " + (values.size() - 1) + ", or by column name: one of " + names + ".");
                }
                return values.get(index);
            }
            return null;
        }

        private static Integer position(Object key) {
            if (key instanceof Number number) {
                return number.intValue();
            }
            try {
                return Integer.valueOf(String.valueOf(key).strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public boolean containsKey(Object key) {
            return names.contains(String.valueOf(key)) || position(key) != null;
        }

        @Override
        public Collection<Object> values() {
            return values;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(names.get(i), values.get(i));
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }

        /** As agate prints a row: {@code <agate.Row: (1, 'a')>}. */
        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append("<agate.Row: (");
            for (int i = 0; i < values.size(); i++) {
                appendable.append(i == 0 ? "" : ", ").append(PythonText.repr(values.get(i)));
            }
            appendable.append(values.size() == 1 ? ",)>" : ")>");
            return appendable;
        }
    }
}
