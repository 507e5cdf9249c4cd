package io.raymon.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiConfig;
import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.Role;
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
            new ApiConfig.Topics("ingest-" + SUFFIX + ".p", "ingest-" + SUFFIX + ".a", "ingest-" + SUFFIX + ".s",
                    "ingest-" + SUFFIX + ".profiles", "ingest-" + SUFFIX + ".alert-rules");
    /** Low enough that the rate-limit test exceeds it without waiting on the clock. */
    private static final long EVENTS_PER_SECOND = 500;
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() {
        database = TestDatabase.migrated();
        api = new ApiTestServer(database.settings, TOPICS, EVENTS_PER_SECOND);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void theSdksHttpExporterDeliversEventsToKafkaInTheAvroContract() throws Exception {
        try (RaymonClient client = RaymonClient.builder().project("shop")
                .exporter(HttpExporter.create(api.baseUrl(), api.key("shop", Role.INGEST), Duration.ofSeconds(10)))
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

        assertThat(api.request("POST", "/api/v1/projects/shop/events", null, body).errorCode()).isEqualTo("unauthenticated");
        assertThat(api.request("POST", "/api/v1/projects/shop/events", "wrong-key-0123456789", body).errorCode())
                .isEqualTo("invalid_key");
        // A read key cannot write; a valid key of shop cannot write to another project.
        assertThat(api.request("POST", "/api/v1/projects/shop/events", api.key("shop", Role.READ), body).errorCode())
                .isEqualTo("forbidden_role");
        assertThat(api.request("POST", "/api/v1/projects/other/events", api.key("shop", Role.INGEST),
                line("other").getBytes(StandardCharsets.UTF_8)).errorCode()).isEqualTo("forbidden_project");
    }

    @Test
    void rejectsTheWholeBatchWhenOneLineIsInvalidAndSaysWhich() throws Exception {
        String body = line("shop") + "\n{\"type\":\"prediction\",\"project\":\"shop\"}\n";

        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events",
                body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + api.key("shop", Role.INGEST));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getJsonObject("error").getString("message")).startsWith("line 2: 'traceId' is required");
    }

    @Test
    void rejectsEventsOfAnotherProjectInTheBody() throws Exception {
        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events",
                line("other").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + api.key("shop", Role.INGEST));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_event");
    }

    @Test
    void refusesBodiesOverTheLimit() throws Exception {
        byte[] huge = new byte[(int) IngestRoutes.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        ApiTestServer.Response response = api.send("POST", "/api/v1/projects/shop/events", huge,
                "Authorization", "Bearer " + api.key("shop", Role.INGEST));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("body_too_large");
    }

    @Test
    void limitsTheEventRatePerKeyAndSaysWhenToRetry() throws Exception {
        String key = api.key("ratelimited", Role.INGEST);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < IngestRoutes.MAX_EVENTS / 2; i++) {
            batch.append(line("ratelimited")).append('\n');
        }
        byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);

        // The bucket holds one full request (more than two seconds' worth here): two half-full requests pass, the
        // third does not (it would take 10 s to refill), and it is refused whole.
        assertThat(api.request("POST", "/api/v1/projects/ratelimited/events", key, body).status()).isEqualTo(202);
        assertThat(api.request("POST", "/api/v1/projects/ratelimited/events", key, body).status()).isEqualTo(202);
        ApiTestServer.Response limited = api.request("POST", "/api/v1/projects/ratelimited/events", key, body);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        // Another key has its own bucket.
        assertThat(api.request("POST", "/api/v1/projects/shop/events", api.key("shop", Role.INGEST),
                line("shop").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
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
