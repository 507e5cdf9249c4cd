package io.raymon.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiConfig;
import io.raymon.api.ApiTestServer;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventDecoder;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.http.HttpExporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP ingest against the real Kafka and registry, fed by the SDK's HttpExporter. */
class IngestRoutesIT {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final ApiConfig.Topics TOPICS =
            new ApiConfig.Topics("ingest-" + SUFFIX + ".p", "ingest-" + SUFFIX + ".a", "ingest-" + SUFFIX + ".s");
    private static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(ClickHouseSettings.fromEnv(), TOPICS);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theSdksHttpExporterDeliversEventsToKafkaInTheAvroContract() throws Exception {
        try (RaymonClient client = RaymonClient.builder().project("shop")
                .exporter(HttpExporter.create(api.baseUrl(), ApiTestServer.SHOP_KEY, Duration.ofSeconds(10)))
                .build()) {
            for (int i = 0; i < 50; i++) {
                client.startTrace("h-" + i).tag("client", "acme").prediction("churn", "1").feature("x", i)
                        .classification("yes").log();
                client.actual("h-" + i, "no", Instant.parse("2026-11-26T10:00:00Z"));
            }
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(client.stats().sent()).as("%s", client.stats()).isEqualTo(100);
        }

        List<Prediction> predictions = read(TOPICS.predictions(), Prediction.class, 50);
        List<Actual> actuals = read(TOPICS.actuals(), Actual.class, 50);
        assertThat(predictions).hasSize(50).allSatisfy(p -> {
            assertThat(p.getProject()).isEqualTo("shop");
            assertThat(p.getTags()).containsEntry("client", "acme");
        });
        assertThat(actuals).hasSize(50);
    }

    @Test
    void refusesRequestsWithoutAValidKeyOfTheProject() throws Exception {
        byte[] body = line("shop").getBytes(StandardCharsets.UTF_8);

        assertThat(api.send("POST", "/api/v1/projects/shop/events", body).status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/v1/projects/shop/events", body, "Authorization", "Bearer wrong-key-0123456789")
                .errorCode()).isEqualTo("unauthenticated");
        // A valid key of shop cannot write to another project.
        assertThat(api.send("POST", "/api/v1/projects/other/events", line("other").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + ApiTestServer.SHOP_KEY).status()).isEqualTo(401);
    }

    @Test
    void rejectsTheWholeBatchWhenOneLineIsInvalidAndSaysWhich() throws Exception {
        String body = line("shop") + "\n{\"type\":\"prediction\",\"project\":\"shop\"}\n";

        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events",
                body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + ApiTestServer.SHOP_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getJsonObject("error").getString("message")).startsWith("line 2: 'traceId' is required");
    }

    @Test
    void rejectsEventsOfAnotherProjectInTheBody() throws Exception {
        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events",
                line("other").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + ApiTestServer.SHOP_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_event");
    }

    @Test
    void refusesBodiesOverTheLimit() throws Exception {
        byte[] huge = new byte[(int) IngestRoutes.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events", huge,
                "Authorization", "Bearer " + ApiTestServer.SHOP_KEY);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("body_too_large");
    }

    private static String line(String project) {
        return "{\"type\":\"actual\",\"project\":\"" + project + "\",\"traceId\":\"t\",\"eventTime\":1,\"label\":\"x\"}";
    }

    private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ApiTestServer.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        EventDecoder<T> decoder = new EventDecoder<>(new ConfluentRegistryClient(ApiTestServer.registryUrl()), type);
        List<T> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.size() < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(decoder.decode(record.value()));
                }
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> events.add(null)); // anything extra fails the size check
        }
        return events;
    }
}
