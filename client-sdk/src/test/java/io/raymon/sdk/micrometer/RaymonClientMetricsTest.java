package io.raymon.sdk.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.testing.InMemoryExporter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RaymonClientMetricsTest {
    @Test
    void publishesTheClientsCountersAsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RaymonClient client = RaymonClient.builder().project("p").exporter(new InMemoryExporter()).build()) {
            new RaymonClientMetrics(client).bindTo(registry);
            client.startTrace().prediction("m", "1").regression(1).log();
            client.startTrace().prediction("m", "1").log(); // invalid: no output
            client.flush(Duration.ofSeconds(5));

            assertThat(registry.get("raymon.client.events").tag("outcome", "sent").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("raymon.client.dropped").tag("reason", "invalid_event").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("raymon.client.queued").gauge().value()).isZero();
        }
    }
}
