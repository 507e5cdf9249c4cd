package io.raymon.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.v1.Prediction;
import io.raymon.sdk.ClientStats;
import io.raymon.sdk.DropPolicy;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.kafka.KafkaExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker (of this test's own) stops for 30 s while the service keeps logging: everything within
 * the queue bound arrives exactly once after it returns, and exactly the excess is counted as dropped.
 */
class BrokerOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int QUEUE = 2_000;
    private static final int BEFORE = 1_000;
    private static final int DURING = 6_000;
    private static final int AFTER = 1_000;

    @TempDir
    Path brokerDir;

    private final String topic = "outage-" + LocalServices.unique();
    private KafkaBrokerProcess broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new KafkaBrokerProcess(brokerDir, TcpProxy.freePort(), TcpProxy.freePort());
        broker.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @TempDir
    Path spillDir;

    @Test
    void deliversEverythingWithinTheBoundExactlyOnceAndCountsTheExcessAsDropped() throws Exception {
        RaymonClient client = client(DropPolicy.DROP);

        ClientStats stats = logThroughAnOutage(client);

        List<Prediction> delivered = TopicReader.readAll(broker.bootstrap(), topic, Prediction.class,
                (int) stats.sent(), Duration.ofMinutes(1));
        Set<String> unique = delivered.stream().map(Prediction::getTraceId).collect(Collectors.toSet());
        int logged = BEFORE + DURING + AFTER;
        assertThat(unique).as("no duplicates").hasSize(delivered.size());
        assertThat((long) delivered.size()).isEqualTo(stats.sent());
        assertThat(stats.dropped()).containsOnlyKeys("queue_full");
        assertThat(delivered.size() + stats.dropped().get("queue_full")).isEqualTo(logged);
        assertThat(stats.dropped().get("queue_full")).as("the outage overflowed the queue").isPositive();
        // Everything logged while the broker was up arrived; of the outage, at least a full queue did.
        for (int i = 0; i < BEFORE; i++) {
            assertThat(unique).contains("t-" + i);
        }
        for (int i = BEFORE + DURING; i < logged; i++) {
            assertThat(unique).contains("t-" + i);
        }
        long duringDelivered = unique.stream().filter(id -> {
            int n = Integer.parseInt(id.substring(2));
            return n >= BEFORE && n < BEFORE + DURING;
        }).count();
        assertThat(duringDelivered).isGreaterThanOrEqualTo(QUEUE);
    }

    @Test
    void withSpillingDeliversEveryEventExactlyOnce() throws Exception {
        RaymonClient client = client(DropPolicy.SPILL);

        ClientStats stats = logThroughAnOutage(client);

        int logged = BEFORE + DURING + AFTER;
        await().atMost(Duration.ofMinutes(2)).until(() -> TopicReader.readAll(broker.bootstrap(), topic,
                Prediction.class, logged, Duration.ofSeconds(5)).size() >= logged);
        List<Prediction> delivered = TopicReader.readAll(broker.bootstrap(), topic, Prediction.class, logged,
                Duration.ofMinutes(1));
        assertThat(stats.spilled()).as("the outage overflowed the queue onto disk").isPositive();
        assertThat(stats.droppedTotal()).isZero();
        assertThat(delivered).hasSize(logged);
        assertThat(delivered.stream().map(Prediction::getTraceId).collect(Collectors.toSet())).hasSize(logged);
    }

    private RaymonClient client(DropPolicy policy) {
        return RaymonClient.builder()
                .project("outage")
                .exporter(KafkaExporter.builder().bootstrapServers(broker.bootstrap())
                        .schemaRegistryUrl(LocalServices.registryUrl()).topics(topic, topic + ".a", topic + ".s").build())
                .maxQueueSize(QUEUE)
                .maxBatchSize(200)
                .dropPolicy(policy)
                .spillDirectory(spillDir)
                .build();
    }

    /** Logs before, through and after a 30 s broker outage; spilled events are replayed before close. */
    private ClientStats logThroughAnOutage(RaymonClient client) throws Exception {
        log(client, 0, BEFORE, Duration.ZERO);
        assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
        broker.stop();
        log(client, BEFORE, DURING, OUTAGE.dividedBy(DURING)); // keeps logging through the whole outage
        broker.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> client.stats().queued() == 0);
        log(client, BEFORE + DURING, AFTER, Duration.ZERO);
        assertThat(client.flush(Duration.ofMinutes(1))).isTrue();
        if (client.stats().spilled() > 0) {
            await().atMost(Duration.ofMinutes(2)).until(() -> client.stats().sent() == client.stats().accepted());
        }
        ClientStats stats = client.stats();
        client.close();
        return stats;
    }

    private static void log(RaymonClient client, int from, int count, Duration pause) throws InterruptedException {
        for (int i = from; i < from + count; i++) {
            client.startTrace("t-" + i).prediction("m", "1").feature("x", i).regression(i).log();
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
            }
        }
    }
}
