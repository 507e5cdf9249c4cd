package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.actual;
import static io.raymon.flink.ingest.IngestFixtures.awaitSliceMetricsMatchBruteForce;
import static io.raymon.flink.ingest.IngestFixtures.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.flink.common.clickhouse.ClickHouseSinkOptions;
import io.raymon.flink.testing.ClickHouseQueries;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.flink.testing.LocalServices;
import io.raymon.flink.testing.TcpProxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse becomes unreachable for 30 s mid-stream (the job reaches the real server through a proxy
 * that the test closes): the sink retries and backpressures, and afterwards counts and metrics are exact.
 */
class ClickHouseOutageIT {
    private static final int PREDICTIONS = 600;
    private static final int ACTUALS = 240;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private final String suffix = LocalServices.uniqueSuffix();
    private final IngestJobConfig.Topics topics = IngestJobConfig.Topics.DEFAULTS.withPrefix("chdown-" + suffix + ".");
    private final ClickHouseSettings direct = LocalServices.freshClickHouseDatabase();
    private final EventSerializer serializer =
            new EventSerializer(new ConfluentRegistryClient(LocalServices.schemaRegistryUrl()));
    private ClickHouseQueries queries;
    private TcpProxy proxy;
    private JobClient job;

    @BeforeEach
    void setUp() throws Exception {
        KafkaTopics.create(2, topics.predictions(), topics.actuals(), topics.steps(), topics.deadLetters());
        new Migrator(direct).migrate();
        queries = new ClickHouseQueries(direct);
        URI server = URI.create(direct.url());
        proxy = new TcpProxy(TcpProxy.freePort(), server.getHost(), server.getPort());
        proxy.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        proxy.close();
        queries.dropDatabase();
        queries.close();
    }

    @Test
    void ridesOutA30SecondOutageWithoutLossOrDoubleCounting() throws Exception {
        ClickHouseSettings throughProxy = new ClickHouseSettings("http://127.0.0.1:" + proxy.port(), direct.user(),
                direct.password(), direct.database());
        IngestJobConfig config = new IngestJobConfig(LocalServices.kafkaBootstrap(), LocalServices.schemaRegistryUrl(),
                topics, "chdown-" + suffix, Duration.ofMillis(500), null, 2, 2, (short) 1, throughProxy,
                new ClickHouseSinkOptions(100, Duration.ofMillis(200), 30, Duration.ofMillis(200), Duration.ofSeconds(2)),
                Duration.ofHours(1), Duration.ofMillis(300),
                Duration.ofHours(1), Duration.ofDays(3650));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(IngestJob.flinkConfiguration(config));
        IngestJob.fromConfig(config).build(env);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, events(0, PREDICTIONS / 2, 0, ACTUALS / 2));
            job = env.executeAsync("clickhouse-outage-it");
            await().atMost(Duration.ofSeconds(90)).until(() -> queries.count("SELECT count() FROM predictions") > 0);

            proxy.close(); // ClickHouse unreachable from the job
            KafkaTopics.sendAll(producer, events(PREDICTIONS / 2, PREDICTIONS, ACTUALS / 2, ACTUALS));
            Thread.sleep(OUTAGE.toMillis()); // the outage itself is the point here, not synchronisation
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job survives the outage").isFalse();
            assertThat(queries.count("SELECT count() FROM predictions FINAL")).as("nothing written during the outage")
                    .isLessThan(PREDICTIONS);
            proxy = new TcpProxy(proxy.port(), URI.create(direct.url()).getHost(), URI.create(direct.url()).getPort());
            proxy.open();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(queries.count("SELECT count() FROM predictions FINAL")).isEqualTo(PREDICTIONS));
        assertThat(queries.count("SELECT count() FROM actuals FINAL")).isEqualTo(ACTUALS);
        awaitSliceMetricsMatchBruteForce(queries, PREDICTIONS, ACTUALS);
    }

    private List<ProducerRecord<byte[], byte[]>> events(int fromPrediction, int toPrediction, int fromActual, int toActual) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = fromPrediction; i < toPrediction; i++) {
            records.add(new ProducerRecord<>(topics.predictions(), key(prediction(i).getTraceId()),
                    serializer.serialize(topics.predictions(), prediction(i))));
        }
        for (int i = fromActual; i < toActual; i++) {
            records.add(new ProducerRecord<>(topics.actuals(), key(actual(i).getTraceId()),
                    serializer.serialize(topics.actuals(), actual(i))));
        }
        return records;
    }

    private static byte[] key(String traceId) {
        return traceId.getBytes(StandardCharsets.UTF_8);
    }
}
