package io.raymon.flink.bench.soak;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every slice-window the job wrote, at each resolution, against the same numbers computed by ClickHouse
 * from the raw tables (predictions joined with their actuals, each prediction in the global slice and in
 * one slice per tag): counts exactly, sums of real numbers to 1e-9 relative (their order of addition
 * differs), predicted classes and confusion cells exactly. Histogram buckets are checked by the job's
 * brute-force unit test; here each histogram's total is checked through the counts it must equal.
 */
final class SoakCheck {
    /** A week of raw events joined and grouped by window takes minutes per query. */
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(30);
    /** A window's metrics as stored: the newest version of each part, then the parts added up. */
    private static final String STORED_PARTS = "SELECT model, model_version, slice, window_start, part,"
            + " argMax(predictions, version) AS predictions, argMax(labeled, version) AS labeled,"
            + " argMax(latency_count, version) AS latency_count, argMax(latency_sum, version) AS latency_sum,"
            + " argMax(classified, version) AS classified, argMax(correct, version) AS correct,"
            + " argMax(regressed, version) AS regressed, argMax(abs_error_sum, version) AS abs_error_sum,"
            + " argMax(label_delay_sum_ms, version) AS label_delay_sum_ms, argMax(log_loss_sum, version) AS log_loss_sum,"
            + " argMax(evicted, version) AS evicted, argMax(arraySum(latency_hist_counts), version) AS latency_hist,"
            + " argMax(arraySum(label_delay_hist_counts), version) AS delay_hist,"
            + " argMax(class_labels, version) AS class_labels, argMax(class_counts, version) AS class_counts,"
            + " argMax(confusion_actual, version) AS confusion_actual,"
            + " argMax(confusion_predicted, version) AS confusion_predicted,"
            + " argMax(confusion_counts, version) AS confusion_counts"
            + " FROM %s WHERE project = 'soak' GROUP BY model, model_version, slice, window_start, part";
    /** Each prediction once per slice, with its actual (labeled = 0 when it has none). */
    private static final String RAW = "SELECT model, model_version, slice, %s AS w, latency_ms, predicted_label,"
            + " predicted_value, event_time_ms, class_names, class_scores, labeled, actual_ms, actual_label, actual_value"
            + " FROM (SELECT model, model_version, trace_id, event_time, event_time_ms, latency_ms, predicted_label,"
            + " predicted_value, class_names, class_scores,"
            + " arrayConcat(['__all__'], arrayMap((k, v) -> concat(k, '=', v), tag_keys, tag_values)) AS slices"
            + " FROM predictions FINAL WHERE project = 'soak')"
            + " ARRAY JOIN slices AS slice"
            + " ANY LEFT JOIN (SELECT trace_id, toUInt8(1) AS labeled, event_time_ms AS actual_ms, actual_label, actual_value"
            + " FROM actuals FINAL WHERE project = 'soak') USING trace_id";
    private static final String WINDOW = "model, model_version, slice, w";

    private final Client client;
    private final Path workDir;

    SoakCheck(Client client, Path workDir) {
        this.client = client;
        this.workDir = workDir;
    }

    /** @return a line per resolution and comparison, with the mismatches found (none when exact) */
    List<String> compareAll() throws Exception {
        List<String> results = new ArrayList<>();
        for (String[] resolution : new String[][] {{"slice_metrics_1m", "toUInt32(toStartOfMinute(event_time))"},
                {"slice_metrics_1h", "toUInt32(toStartOfHour(event_time))"},
                {"slice_metrics_1d", "toUInt32(toDateTime(toDate(event_time)))"}}) {
            String table = resolution[0];
            String raw = String.format(RAW, resolution[1]);
            String stored = "SELECT model, model_version, slice, toUInt32(window_start) AS w, %s FROM ("
                    + String.format(STORED_PARTS, table) + ") %s GROUP BY " + WINDOW + "%s ORDER BY " + WINDOW + "%s";
            results.add(compare(table + " counts and sums",
                    "SELECT " + WINDOW + ", count(), sum(labeled), countIf(isNotNull(latency_ms)),"
                            + " sum(ifNull(latency_ms, 0)), countIf(labeled = 1 AND predicted_label != ''),"
                            + " countIf(labeled = 1 AND predicted_label != '' AND predicted_label = ifNull(actual_label, '')),"
                            + " countIf(labeled = 1 AND isNotNull(predicted_value)),"
                            + " sum(if(labeled = 1 AND isNotNull(predicted_value), abs(predicted_value - actual_value), 0)),"
                            + " sum(if(labeled = 1, greatest(0, actual_ms - event_time_ms), 0)),"
                            + " ifNull(sum(if(labeled = 1 AND predicted_label != '', -log(greatest(1e-15, least(1,"
                            + " class_scores[indexOf(class_names, ifNull(actual_label, ''))]))), 0)), 0), 0,"
                            + " countIf(isNotNull(latency_ms)), sum(labeled)"
                            + " FROM (" + raw + ") GROUP BY " + WINDOW + " ORDER BY " + WINDOW,
                    String.format(stored, "sum(predictions), sum(labeled), sum(latency_count), sum(latency_sum),"
                            + " sum(classified), sum(correct), sum(regressed), sum(abs_error_sum), sum(label_delay_sum_ms),"
                            + " sum(log_loss_sum), sum(evicted), sum(latency_hist), sum(delay_hist)", "", "", "")));
            results.add(compare(table + " predicted classes",
                    "SELECT " + WINDOW + ", predicted_label, count() FROM (" + raw + ") WHERE predicted_label != ''"
                            + " GROUP BY " + WINDOW + ", predicted_label ORDER BY " + WINDOW + ", predicted_label",
                    String.format(stored, "label, sum(count)", "ARRAY JOIN class_labels AS label, class_counts AS count",
                            ", label", ", label")));
            results.add(compare(table + " confusion cells",
                    "SELECT " + WINDOW + ", actual_label, predicted_label, count() FROM (" + raw + ")"
                            + " WHERE labeled = 1 AND predicted_label != '' GROUP BY " + WINDOW + ", actual_label,"
                            + " predicted_label ORDER BY " + WINDOW + ", actual_label, predicted_label",
                    String.format(stored, "actual, predicted, sum(count)", "ARRAY JOIN confusion_actual AS actual,"
                            + " confusion_predicted AS predicted, confusion_counts AS count", ", actual, predicted",
                            ", actual, predicted")));
        }
        return results;
    }

    /** Runs both queries to files, then compares them line by line. */
    private String compare(String what, String expectedSql, String actualSql) throws Exception {
        Path expected = toFile(expectedSql, "expected");
        Path actual = toFile(actualSql, "actual");
        long lines = 0;
        long mismatches = 0;
        List<String> examples = new ArrayList<>();
        try (BufferedReader e = Files.newBufferedReader(expected); BufferedReader a = Files.newBufferedReader(actual)) {
            String left;
            String right;
            do {
                left = e.readLine();
                right = a.readLine();
                if (left == null && right == null) {
                    break;
                }
                lines++;
                if (left == null || right == null || !sameRow(left, right)) {
                    mismatches++;
                    if (examples.size() < 5) {
                        examples.add("raw: " + left + "\n      job: " + right);
                    }
                }
            } while (true);
        }
        if (lines == 0) {
            return String.format("%-40s no rows on either side: nothing was checked (1 mismatches)", what);
        }
        String result = String.format("%-40s %,d windows/rows compared, %,d mismatches", what, lines, mismatches);
        return examples.isEmpty() ? result : result + "\n      " + String.join("\n      ", examples);
    }

    /** Keys and integers equal; numbers with a fraction within 1e-9 relative (summation order differs). */
    private static boolean sameRow(String expected, String actual) {
        String[] e = expected.split("\t", -1);
        String[] a = actual.split("\t", -1);
        if (e.length != a.length) {
            return false;
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(a[i])) {
                continue;
            }
            try {
                double x = Double.parseDouble(e[i]);
                double y = Double.parseDouble(a[i]);
                if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                    return false;
                }
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        return true;
    }

    private Path toFile(String sql, String name) throws Exception {
        Path file = workDir.resolve(name + ".tsv");
        // A week of raw events joined in one query needs more than ClickHouse's default memory per query.
        QuerySettings settings = new QuerySettings().serverSetting("max_memory_usage", Long.toString(16L << 30));
        try (QueryResponse response = client.query(sql + " FORMAT TabSeparated", settings).get(30, TimeUnit.MINUTES);
                InputStream in = response.getInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("query failed: " + sql, e);
        }
        return file;
    }
}
