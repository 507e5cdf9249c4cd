package io.raymon.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.flink.metrics.SliceMetricsFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestJobConfigTest {
    @Test
    void documentedDefaults() {
        IngestJobConfig config = IngestJobConfig.fromEnv(Map.of());

        assertThat(config.stateBackend()).isEqualTo(IngestJobConfig.StateBackend.ROCKSDB);
        assertThat(config.managedMemory()).isEqualTo("512m");
        assertThat(IngestJob.flinkConfiguration(config).toMap()).containsEntry("taskmanager.memory.managed.size", "512m");
        assertThat(config.metrics().maxOpenTracesPerModel()).isEqualTo(10_000_000);
        assertThat(config.metrics().closeDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.metrics().lateFlush()).isEqualTo(
                new SliceMetricsFunction.LateFlush(Duration.ofSeconds(10), Duration.ofMinutes(5)));
        assertThat(config.prometheusPort()).isNull();
        assertThat(config.metrics().labelHorizons().forModelMs("any")).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(config.metrics().dimensions().combinations()).isEmpty();
        assertThat(config.metrics().maxValuesPerDimension()).isEqualTo(100);
        assertThat(config.metrics().rankEvery()).isEqualTo(1_000);
        assertThat(config.metrics().emitIntervals()).isEqualTo(new io.raymon.flink.metrics.SliceMetricsFunction.EmitIntervals(
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5)));
        assertThat(config.metrics().featureProfiles()).isTrue();
    }

    @Test
    void readsHorizonsCombinationsAndTheStateBackend() {
        IngestJobConfig config = IngestJobConfig.fromEnv(Map.of(
                "RAYMON_LABEL_HORIZON_HOURS", "24",
                "RAYMON_LABEL_HORIZONS", "fraud=30d, ads = 90m",
                "RAYMON_SLICE_COMBINATIONS", "client+country,client+device",
                "RAYMON_STATE_BACKEND", "HashMap"));

        assertThat(config.stateBackend()).isEqualTo(IngestJobConfig.StateBackend.HASHMAP);
        assertThat(config.metrics().labelHorizons().forModelMs("fraud")).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(config.metrics().labelHorizons().forModelMs("ads")).isEqualTo(Duration.ofMinutes(90).toMillis());
        assertThat(config.metrics().labelHorizons().forModelMs("churn")).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(config.metrics().labelHorizons().longestMs()).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(config.metrics().dimensions().combinations())
                .containsExactly(List.of("client", "country"), List.of("client", "device"));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_LABEL_HORIZONS", "fraud=30 days")))
                .hasMessageContaining("RAYMON_LABEL_HORIZONS entry 'fraud=30 days'");
        assertThat(IngestJobConfig.fromEnv(Map.of("RAYMON_FEATURE_PROFILES", "False")).metrics().featureProfiles()).isFalse();
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_FEATURE_PROFILES", "no")))
                .hasMessageContaining("RAYMON_FEATURE_PROFILES must be true or false");
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_STATE_BACKEND", "memory")))
                .hasMessageContaining("RAYMON_STATE_BACKEND must be hashmap or rocksdb");
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_SLICE_COMBINATIONS", "client+")))
                .hasMessageContaining("RAYMON_SLICE_COMBINATIONS");
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_MAX_SLICE_VALUES", "0")))
                .hasMessageContaining("RAYMON_MAX_SLICE_VALUES");
        assertThatThrownBy(() -> IngestJobConfig.fromEnv(Map.of("RAYMON_FLINK_MANAGED_MEMORY", "half")))
                .hasMessageContaining("RAYMON_FLINK_MANAGED_MEMORY must be a size");
    }
}
