package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.awaitSliceMetricsMatchBruteForce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.sdk.it.TcpProxy;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse becomes unreachable for 30 s mid-stream (the job reaches the real server through a proxy
 * that the test closes, cutting open connections): the sink retries and backpressures, and afterwards
 * counts and metrics are exact.
 */
class ClickHouseOutageIT {
    private static final int PREDICTIONS = 600;
    private static final int ACTUALS = 240;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private IngestTestBed bed;
    private URI server;
    private TcpProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        bed = new IngestTestBed("chdown");
        server = URI.create(bed.clickHouse.url());
        proxy = new TcpProxy(TcpProxy.freePort(), server.getHost(), server.getPort());
        proxy.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        bed.close();
    }

    @Test
    void ridesOutA30SecondOutageWithoutLossOrDoubleCounting() throws Exception {
        ClickHouseSettings throughProxy = new ClickHouseSettings("http://127.0.0.1:" + proxy.port(),
                bed.clickHouse.user(), bed.clickHouse.password(), bed.clickHouse.database());
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, bed.events(0, PREDICTIONS / 2, 0, ACTUALS / 2));
            JobClient job = bed.start(bed.config(throughProxy, null, 30), null);
            await().atMost(Duration.ofSeconds(90)).until(() -> bed.queries.count("SELECT count() FROM predictions") > 0);

            proxy.close(); // ClickHouse unreachable from the job
            KafkaTopics.sendAll(producer, bed.events(PREDICTIONS / 2, PREDICTIONS, ACTUALS / 2, ACTUALS));
            Thread.sleep(OUTAGE.toMillis()); // the outage itself is the point here, not synchronisation
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job survives the outage").isFalse();
            assertThat(bed.queries.count("SELECT count() FROM predictions FINAL")).as("nothing written during the outage")
                    .isLessThan(PREDICTIONS);
            proxy = new TcpProxy(proxy.port(), server.getHost(), server.getPort());
            proxy.open();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // Predictions and actuals come from different topics: wait for both, in any order.
            assertThat(bed.queries.count("SELECT count() FROM predictions FINAL")).isEqualTo(PREDICTIONS);
            assertThat(bed.queries.count("SELECT count() FROM actuals FINAL")).isEqualTo(ACTUALS);
        });
        awaitSliceMetricsMatchBruteForce(bed.queries, PREDICTIONS, ACTUALS);
    }
}
