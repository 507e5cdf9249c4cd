package io.raymon.sdk.bench;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Caller-thread cost of logging one prediction with 10 features and 3 tags through the SDK, next to a
 * baseline that only builds the same Avro record (the least any client of this contract must do).
 * Sample-time mode reports the median and p99 per call. The exporter discards, so this measures the
 * caller's side only; the teardown fails the run if the queue ever overflowed (which would make
 * calls cheaper than they are).
 *
 * <p>Run: {@code ./raymon bench sdk} (see BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoggingCostBenchmark {
    private static final String[] FEATURES = {"age", "tenure", "spend", "visits", "plan", "country_code",
        "device_os", "discount", "support_calls", "trial"};

    private RaymonClient client;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        client = RaymonClient.builder().project("bench").exporter(new DiscardingExporter())
                .maxQueueSize(1_000_000).maxBatchSize(10_000).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        if (client.stats().droppedTotal() > 0) {
            throw new IllegalStateException("queue overflowed during the benchmark: " + client.stats());
        }
    }

    @Benchmark
    public void sdkLogPrediction() {
        long i = counter++;
        Trace trace = client.startTrace();
        trace.tag("client", "acme").tag("country", "BE").tag("device", "ios");
        trace.prediction("churn", "2")
                .feature(FEATURES[0], 41.0 + (i & 7))
                .feature(FEATURES[1], 12.0)
                .feature(FEATURES[2], 55.5)
                .feature(FEATURES[3], 3.0)
                .feature(FEATURES[4], "pro")
                .feature(FEATURES[5], "BE")
                .feature(FEATURES[6], "ios")
                .feature(FEATURES[7], 0.1)
                .feature(FEATURES[8], 0.0)
                .feature(FEATURES[9], true)
                .classification("stay", Map.of("stay", 0.8, "churn", 0.2))
                .latencyMs(2.5)
                .log();
    }

    @Benchmark
    public Prediction baselineBuildAvroRecord() {
        long i = counter++;
        List<Feature> features = new ArrayList<>(10);
        features.add(new Feature(FEATURES[0], 41.0 + (i & 7)));
        features.add(new Feature(FEATURES[1], 12.0));
        features.add(new Feature(FEATURES[2], 55.5));
        features.add(new Feature(FEATURES[3], 3.0));
        features.add(new Feature(FEATURES[4], "pro"));
        features.add(new Feature(FEATURES[5], "BE"));
        features.add(new Feature(FEATURES[6], "ios"));
        features.add(new Feature(FEATURES[7], 0.1));
        features.add(new Feature(FEATURES[8], 0.0));
        features.add(new Feature(FEATURES[9], true));
        return Prediction.newBuilder().setProject("bench").setTraceId(Long.toHexString(i)).setModel("churn")
                .setModelVersion("2").setEventTime(Instant.now())
                .setTags(Map.of("client", "acme", "country", "BE", "device", "ios"))
                .setFeatures(features).setOutput(new ClassPrediction("stay", Map.of("stay", 0.8, "churn", 0.2)))
                .setLatencyMs(2.5).build();
    }

    static final class DiscardingExporter implements Exporter {
        @Override
        public void export(List<SpecificRecord> batch) throws ExportException {
            // measures the caller's side only
        }

        @Override
        public void close() {}
    }
}
