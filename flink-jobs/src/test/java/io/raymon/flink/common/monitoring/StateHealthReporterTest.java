package io.raymon.flink.common.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateHealthReporterTest {
    private static final MemoryUsage ROOMY_HEAP = new MemoryUsage(0, 300L << 20, 1L << 30, 1L << 30);
    private final StateHealthReporter reporter = new StateHealthReporter();

    @BeforeEach
    void setUp() {
        MetricConfig config = new MetricConfig();
        config.setProperty(StateHealthReporter.CHECKPOINT_INTERVAL_MS, "30000");
        reporter.open(config);
    }

    @Test
    void sumsOpenTracesPerModelOverSubtasksAndReportsCheckpoints() {
        add("openTraces", group("churn", 0), 1_000L);
        add("openTraces", group("churn", 1), 1_200L);
        add("openTraces", group("fraud", 0), 7L);
        add("lastCheckpointSize", group(null, 0), 42L << 20);
        add("lastCheckpointDuration", group(null, 0), 1_500L);
        add("rocksdb.estimate-live-data-size", group(null, 0), 5L << 20);
        add("rocksdb.estimate-live-data-size", group(null, 1), 7L << 20);

        StateHealthReporter.Health health = reporter.measure(ROOMY_HEAP);

        assertThat(health.openTraces()).isEqualTo(Map.of("churn", 2_200L, "fraud", 7L));
        assertThat(health.rocksDbLiveData()).isEqualTo(12L << 20);
        assertThat(health.summary()).contains("open traces {churn=2200, fraud=7}", "RocksDB live data 12 MB",
                "last checkpoint 42 MB", "in 1500 ms", "heap after the last collection 300 MB of 1024 MB");
        assertThat(reporter.warnings(health)).isEmpty();
    }

    @Test
    void warnsWhenTheHeapIsNearlyFullAfterCollectionNamingTheSettings() {
        MemoryUsage full = new MemoryUsage(0, 900L << 20, 1L << 30, 1L << 30);

        assertThat(reporter.warnings(reporter.measure(full))).singleElement().asString()
                .contains("87% full", "RAYMON_FLINK_HEAP", "RAYMON_MAX_OPEN_TRACES");
    }

    @Test
    void warnsOnSlowCheckpointsAndOnceForEachNewFailure() {
        add("lastCheckpointDuration", group(null, 0), 20_000L);
        Gauge<Long> failed = () -> 2L;
        reporter.notifyOfAddedMetric(failed, "numberOfFailedCheckpoints", group(null, 0));

        assertThat(reporter.warnings(reporter.measure(ROOMY_HEAP))).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("RAYMON_CHECKPOINT_INTERVAL_MS"))
                .anySatisfy(w -> assertThat(w).contains("2 checkpoint(s) failed"));
        assertThat(reporter.warnings(reporter.measure(ROOMY_HEAP))).as("the same failures again").hasSize(1);
    }

    private void add(String name, MetricGroup group, long value) {
        Gauge<Long> gauge = () -> value;
        reporter.notifyOfAddedMetric(gauge, name, group);
    }

    /** A metric group with a model variable (or none) and an identifier unique per subtask. */
    private static MetricGroup group(String model, int subtask) {
        return new UnregisteredMetricsGroup() {
            @Override
            public Map<String, String> getAllVariables() {
                return model == null ? Map.of() : Map.of("<model>", model);
            }

            @Override
            public String getMetricIdentifier(String metricName) {
                return subtask + "." + model + "." + metricName;
            }
        };
    }
}
