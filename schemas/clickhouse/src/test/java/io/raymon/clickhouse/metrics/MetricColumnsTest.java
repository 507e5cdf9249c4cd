package io.raymon.clickhouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricColumnsTest {
    @Test
    void everyFieldOfTheSumsIsStoredAndReadBack() throws Exception {
        MetricSums written = filledSums();
        StoredRow row = new StoredRow();
        for (MetricColumns.Sum sum : MetricColumns.sums()) {
            sum.write(written, row);
        }
        MetricSums read = new MetricSums();
        for (MetricColumns.Sum sum : MetricColumns.sums()) {
            sum.read(row, read);
        }

        for (Field field : sumFields()) {
            assertThat(comparable(field.get(read))).as(field.getName()).isEqualTo(comparable(field.get(written)));
        }
        assertThat(row.values.keySet()).as("every column written, none else")
                .containsExactlyInAnyOrderElementsOf(MetricColumns.columns().stream().map(MetricColumns.Column::name).toList());
    }

    @Test
    void everyMetricIsServedByOneGroupOfSums() {
        List<String> served = MetricColumns.groupMetrics().values().stream().flatMap(List::stream).toList();

        assertThat(served).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(new MetricSums().metrics().keySet());
        assertThat(MetricColumns.sumsFor("accuracy")).extracting(MetricColumns.Sum::name)
                .containsExactly("predictions", "classified", "correct");
        assertThat(MetricColumns.sumsFor(null)).isEqualTo(MetricColumns.sums());
        assertThatThrownBy(() -> MetricColumns.sumsFor("vibes")).hasMessageContaining("no columns known for metric vibes");
    }

    @Test
    void columnNamesAreUniqueAndNotTheRowKey() {
        List<String> names = MetricColumns.columns().stream().map(MetricColumns.Column::name).toList();

        assertThat(names).doesNotHaveDuplicates().doesNotContainAnyElementsOf(MetricColumns.ROW_KEY)
                .doesNotContain(MetricColumns.VERSION);
    }

    /** Every instance field set to a distinct, non-default value. */
    private static MetricSums filledSums() throws Exception {
        MetricSums s = new MetricSums();
        int i = 1;
        for (Field field : sumFields()) {
            Class<?> type = field.getType();
            if (type == long.class) {
                field.setLong(s, 1000L + i);
            } else if (type == double.class) {
                field.setDouble(s, i + 0.25);
            } else if (type == LogHistogram.class) {
                LogHistogram histogram = new LogHistogram();
                histogram.add(i);
                histogram.add(10.0 * i);
                field.set(s, histogram);
            } else if (field.getName().equals("classCounts")) {
                s.addClassCount("yes", 3);
                s.addClassCount("no", 4);
            } else if (type == ClassificationReport.class) {
                s.confusion.add("yes", "no", 2);
                s.confusion.add("no", "no", 5);
            } else if (type == ProblemCounts.class) {
                s.problems.add("amount", "below_range", 3);
                s.problems.add("plan", "missing", 1);
            } else {
                throw new AssertionError("MetricSums." + field.getName() + " has a type this test does not know: " + type);
            }
            i++;
        }
        return s;
    }

    private static List<Field> sumFields() {
        List<Field> fields = new ArrayList<>();
        for (Field field : MetricSums.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static Object comparable(Object value) {
        if (value instanceof LogHistogram h) {
            return Arrays.toString(h.keys()) + Arrays.toString(h.counts());
        }
        if (value instanceof ClassificationReport r) {
            return r.cells();
        }
        if (value instanceof ProblemCounts p) {
            return p.entries();
        }
        return value;
    }

    /** One stored row, read back as a query over that row alone would merge it. */
    private static final class StoredRow implements MetricColumns.RowWriter, MetricColumns.MergedRow {
        final Map<String, Object> values = new HashMap<>();

        @Override
        public void write(String column, long value) {
            values.put(column, value);
        }

        @Override
        public void write(String column, double value) {
            values.put(column, value);
        }

        @Override
        public void writeInts(String column, int[] v) {
            values.put(column, v);
        }

        @Override
        public void writeLongs(String column, long[] v) {
            values.put(column, v);
        }

        @Override
        public void writeDoubles(String column, double[] v) {
            values.put(column, v);
        }

        @Override
        public void writeStrings(String column, List<String> v) {
            values.put(column, v);
        }

        @Override
        public long longValue(String column) {
            return (Long) values.get(column);
        }

        @Override
        public double doubleValue(String column) {
            return (Double) values.get(column);
        }

        @Override
        public void addHistogram(String name, LogHistogram histogram) {
            histogram.merge(LogHistogram.of((int[]) values.get(name + "_keys"), (long[]) values.get(name + "_counts")));
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<List<String>> stringArrays(String column) {
            return List.of((List<String>) values.get(column));
        }

        @Override
        public List<long[]> longArrays(String column) {
            return List.<long[]>of((long[]) values.get(column));
        }
    }
}
