package io.raymon.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.kafka.KafkaExporter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The schema registry is unreachable when the service starts: delivery waits, nothing is lost. */
class RegistryOutageIT {
    private static final int PREDICTIONS = 400;

    @Test
    void delaysDeliveryUntilTheRegistryAnswersAndLosesNothing() throws Exception {
        URI registry = URI.create(LocalServices.registryUrl());
        String topic = "registry-outage-" + LocalServices.unique();
        try (TcpProxy proxy = new TcpProxy(TcpProxy.freePort(), registry.getHost(), registry.getPort())) {
            String registryThroughProxy = "http://127.0.0.1:" + proxy.port() + registry.getPath();
            RaymonClient client = RaymonClient.builder()
                    .project("registry-outage")
                    .exporter(KafkaExporter.builder().bootstrapServers(LocalServices.kafkaBootstrap())
                            .schemaRegistryUrl(registryThroughProxy).topics(topic, topic + ".actuals", topic + ".steps")
                            .build())
                    .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .build();

            for (int i = 0; i < PREDICTIONS; i++) {
                client.startTrace("r-" + i).prediction("m", "1").classification(i % 2 == 0 ? "a" : "b").log();
                client.actual("r-" + i, "a", Instant.now());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().retried() >= 2);
            assertThat(client.stats().sent()).isZero();

            proxy.open();
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            assertThat(client.stats().sent()).isEqualTo(2L * PREDICTIONS);
            assertThat(client.stats().droppedTotal()).isZero();
            client.close();
        }
        List<Prediction> predictions = TopicReader.readAll(LocalServices.kafkaBootstrap(), topic, Prediction.class,
                PREDICTIONS, Duration.ofSeconds(60));
        List<Actual> actuals = TopicReader.readAll(LocalServices.kafkaBootstrap(), topic + ".actuals", Actual.class,
                PREDICTIONS, Duration.ofSeconds(60));
        assertThat(predictions.stream().map(Prediction::getTraceId).collect(Collectors.toSet())).hasSize(PREDICTIONS);
        assertThat(predictions).hasSize(PREDICTIONS);
        assertThat(actuals).hasSize(PREDICTIONS);
    }
}
