package io.raymon.flink.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the job's topics when they are missing, so a fresh installation starts without a failover,
 * and waits until every partition has a leader. Existing topics are left as they are.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {}

    public static void ensureTopics(String bootstrap, Collection<String> topics, int partitions, short replication) {
        ensureTopics(bootstrap, topics, partitions, replication, Map.of());
    }

    /** As above, creating missing topics with these topic configs (e.g. compaction). */
    public static void ensureTopics(String bootstrap, Collection<String> topics, int partitions, short replication,
            Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication).configs(configs));
                }
            }
            if (!missing.isEmpty()) {
                LOG.info("Creating Kafka topics {} ({} partitions, replication {})", missing, partitions, replication);
                createIgnoringRaces(admin, missing);
            }
            waitForLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up Kafka topics " + topics + " at " + bootstrap + ": " + e, e);
        }
    }

    private static void createIgnoringRaces(Admin admin, List<NewTopic> topics) throws Exception {
        try {
            admin.createTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void waitForLeaders(Admin admin, Collection<String> topics) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (allLed(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions without a leader after " + TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** Whether every partition has a leader; false while a just-created topic is not known to the broker yet. */
    private static boolean allLed(Admin admin, Collection<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }
}
