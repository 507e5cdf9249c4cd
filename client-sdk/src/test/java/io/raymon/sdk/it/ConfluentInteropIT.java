package io.raymon.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.kafka.KafkaExporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raymon's wire format against Confluent's own client (Python, python3-confluent-kafka): what the SDK
 * produces decodes there, and what Confluent's producer writes from the published .avsc decodes with the
 * pipeline's decoder.
 */
class ConfluentInteropIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src/test/python/confluent_interop.py");
    private static final int COUNT = 20;

    @TempDir
    Path temp;

    @Test
    void confluentsConsumerDecodesWhatTheSdkProduces() throws Exception {
        String topic = "interop-sdk-" + LocalServices.unique();
        try (RaymonClient client = RaymonClient.builder().project("interop")
                .exporter(KafkaExporter.builder().bootstrapServers(LocalServices.kafkaBootstrap())
                        .schemaRegistryUrl(LocalServices.registryUrl()).topics(topic, topic + ".a", topic + ".s").build())
                .build()) {
            for (int i = 0; i < COUNT; i++) {
                client.startTrace("sdk-" + i).tag("client", "acme").prediction("churn", "2")
                        .feature("tenure", i).feature("plan", "pro").classification("stay", Map.of("stay", 0.75)).log();
            }
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
        }

        List<String> lines = python("consume", LocalServices.kafkaBootstrap(), LocalServices.registryUrl(), topic,
                Integer.toString(COUNT));

        assertThat(lines).hasSize(COUNT);
        assertThat(lines.stream().filter(line -> line.contains("\"traceId\": \"sdk-0\"")).findFirst().orElseThrow())
                .contains("\"project\": \"interop\"", "\"model\": \"churn\"", "\"modelVersion\": \"2\"",
                        "\"tags\": {\"client\": \"acme\"}", "{\"name\": \"tenure\", \"value\": 0.0}",
                        "{\"name\": \"plan\", \"value\": \"pro\"}", "\"label\": \"stay\"", "\"scores\": {\"stay\": 0.75}");
    }

    @Test
    void thePipelinesDecoderAcceptsWhatConfluentsProducerWritesFromThePublishedSchema() throws Exception {
        String topic = "interop-py-" + LocalServices.unique();
        Path schema = temp.resolve("Prediction.avsc");
        try (InputStream published = getClass().getResourceAsStream("/avro/Prediction.avsc")) {
            assertThat(published).as("Prediction.avsc published in the events jar").isNotNull();
            Files.copy(published, schema);
        }

        python("produce", LocalServices.kafkaBootstrap(), LocalServices.registryUrl(), topic, schema.toString(),
                Integer.toString(COUNT));

        List<Prediction> decoded = TopicReader.readAll(LocalServices.kafkaBootstrap(), topic, Prediction.class,
                COUNT, Duration.ofSeconds(60));
        assertThat(decoded).hasSize(COUNT);
        Prediction first = decoded.stream().filter(p -> p.getTraceId().equals("py-0")).findFirst().orElseThrow();
        assertThat(first.getModel()).isEqualTo("python-model");
        assertThat(first.getFeatures()).containsExactly(new Feature("x", 0.0), new Feature("plan", "pro"));
        assertThat(first.getOutput()).isEqualTo(new ClassPrediction("yes", Map.of("yes", 0.9, "no", 0.1)));
        assertThat(first.getEventTime().toEpochMilli()).isEqualTo(1795687200000L);
    }

    private List<String> python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(temp.resolve("python.err").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python failed: %s", Files.readString(temp.resolve("python.err")))
                .isZero();
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }
}
