package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import io.raymon.flink.ingest.RawEventRowSamples;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes one row of every kind the job inserts to target/sql-samples, where
 * scripts/check-sql-modern.mjs inserts them into a current ClickHouse engine (chdb) after the
 * migrations. The 18.16 server takes the same rows in the *IT tests.
 */
class SqlSamplesTest {
    @Test
    void writesTheJobsRowsForTheModernEngineCheck() throws Exception {
        Path samples = Path.of("target", "sql-samples");
        Files.createDirectories(samples);
        Instant time = Instant.parse("2026-11-26T10:00:00.250Z");
        Prediction prediction = Prediction.newBuilder().setProject("p'x").setTraceId("t").setModel("m").setModelVersion("1")
                .setEventTime(time).setTags(Map.of("client", "a\"b")).setFeatures(List.of(new Feature("f", 1.5),
                        new Feature("g", "x"), new Feature("h", null)))
                .setOutput(new ClassPrediction("yes", Map.of("yes", 0.9))).setLatencyMs(2.0).build();
        TraceEvent actual = TraceEvent.of(Actual.newBuilder().setProject("p").setTraceId("t").setEventTime(time)
                .setLabel("no").build());
        TraceEvent scored = TraceEvent.of(Prediction.newBuilder(prediction)
                .setOutput(new ClassPrediction("yes", Map.of("yes", 0.9, "no", 0.1))).build());
        scored.slices = new String[] {"client=a\"b"};
        SliceAggregate sums = new SliceAggregate(); // every column filled: histograms, classes, confusion, AUC
        sums.add(Outcome.unlabeled(scored));
        sums.add(Outcome.labeled(scored, actual));
        List<ClickHouseRow> rows = new java.util.ArrayList<>(RawEventRowSamples.rows(prediction,
                Actual.newBuilder().setProject("p").setTraceId("t").setEventTime(time).setValue(1.0).build(),
                TraceStep.newBuilder().setProject("p").setTraceId("t").setRef("r").setService("s").setEventTime(time)
                        .setContentType("application/json").setPayload(ByteBuffer.wrap("{}".getBytes())).build()));
        rows.add(JoinAnomalyRows.row(actual, JoinAnomalyRows.DUPLICATE_ACTUAL));
        for (Resolution resolution : Resolution.values()) {
            rows.add(SliceMetricsRow.of(SliceWindow.of(scored, "client=a&country=b", resolution), sums).toClickHouseRow());
        }
        for (ClickHouseRow row : rows) {
            Files.writeString(samples.resolve("insert-" + row.table + ".jsonl"), row.json + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        assertThat(rows).hasSize(7);
    }
}
