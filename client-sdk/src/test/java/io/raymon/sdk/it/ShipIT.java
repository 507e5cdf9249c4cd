package io.raymon.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.file.FileExporter;
import io.raymon.sdk.file.FileShipper;
import io.raymon.sdk.kafka.KafkaExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events written to local files reach the real Kafka through `raymon ship`, each file once. */
class ShipIT {
    private static final int TRACES = 1_500;

    @TempDir
    Path directory;

    @Test
    void shippingTwiceShipsEveryFileOnce() throws Exception {
        RaymonClient client = RaymonClient.builder().project("files")
                .exporter(FileExporter.create(directory, 64 * 1024, Duration.ofMinutes(1)))
                .build();
        for (int i = 0; i < TRACES; i++) {
            client.startTrace("f-" + i).log("request_data", "{\"i\":" + i + "}")
                    .prediction("m", "1").feature("i", i).classification("a").log();
        }
        assertThat(client.close(Duration.ofSeconds(30))).isTrue();
        long files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.toString().endsWith(".jsonl")).count();
        }
        assertThat(files).as("rolled by size into several files").isGreaterThan(1);

        String topic = "ship-" + LocalServices.unique();
        FileShipper.Summary first;
        FileShipper.Summary second;
        try (KafkaExporter kafka = KafkaExporter.builder().bootstrapServers(LocalServices.kafkaBootstrap())
                .schemaRegistryUrl(LocalServices.registryUrl()).topics(topic, topic + ".actuals", topic + ".steps").build()) {
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            first = new FileShipper(kafka, quiet, Duration.ofMillis(100)).ship(directory, false);
            second = new FileShipper(kafka, quiet, Duration.ofMillis(100)).ship(directory, false);
        }

        assertThat(first.files()).isEqualTo((int) files);
        assertThat(first.events()).isEqualTo(2L * TRACES);
        assertThat(second.files()).isZero();
        assertThat(second.alreadyShipped()).isEqualTo((int) files);
        List<Prediction> predictions = TopicReader.readAll(LocalServices.kafkaBootstrap(), topic, Prediction.class,
                TRACES, Duration.ofSeconds(60));
        List<TraceStep> steps = TopicReader.readAll(LocalServices.kafkaBootstrap(), topic + ".steps", TraceStep.class,
                TRACES, Duration.ofSeconds(60));
        assertThat(predictions).hasSize(TRACES);
        assertThat(predictions.stream().map(Prediction::getTraceId).collect(Collectors.toSet())).hasSize(TRACES);
        assertThat(steps).hasSize(TRACES);
    }
}
