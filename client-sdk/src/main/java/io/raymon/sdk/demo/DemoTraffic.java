package io.raymon.sdk.demo;

import io.raymon.events.EventTopics;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.registry.SchemaRegistryException;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.Actual;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.avro.specific.SpecificRecord;

/** {@code ./raymon demo}: sends synthetic predictions, trace steps and delayed actuals to Kafka. */
public final class DemoTraffic {
    private static final long TICK_MILLIS = 100;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;

    private final DemoOptions options;
    private final EventSerializer serializer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final DemoWorld world;
    private final PriorityQueue<PendingActual> pendingActuals = new PriorityQueue<>();
    private final AtomicLong failedSends = new AtomicLong();
    private long predictions;
    private long actuals;
    private long steps;

    private record PendingActual(long dueMillis, Actual actual) implements Comparable<PendingActual> {
        @Override
        public int compareTo(PendingActual other) {
            return Long.compare(dueMillis, other.dueMillis);
        }
    }

    DemoTraffic(DemoOptions options) {
        this.options = options;
        this.serializer = new EventSerializer(new ConfluentRegistryClient(options.registryUrl()));
        this.world = new DemoWorld(options.project(), options.seed());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System.getenv());
        } catch (DemoOptions.HelpRequested e) {
            System.out.println(DemoOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage() + "\n" + DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        DemoTraffic demo = new DemoTraffic(options);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close));
        System.out.printf("Sending demo traffic for project '%s' at %d predictions/s to %s (Ctrl-C stops)%n",
                options.project(), options.ratePerSecond(), options.kafkaBootstrap());
        demo.run();
    }

    void run() {
        long start = System.currentTimeMillis();
        long end = options.duration().isZero() ? Long.MAX_VALUE : start + options.duration().toMillis();
        long nextProgress = start + PROGRESS_EVERY_MILLIS;
        double owed = 0;
        for (long tick = start; tick < end; tick += TICK_MILLIS) {
            owed += options.ratePerSecond() * TICK_MILLIS / 1000.0;
            try {
                for (; owed >= 1; owed--) {
                    sendRequest(Instant.ofEpochMilli(System.currentTimeMillis()));
                }
                sendDueActuals(System.currentTimeMillis());
            } catch (SchemaRegistryException e) {
                System.err.println("demo: schema registry unavailable, retrying: " + e.getMessage());
            }
            long now = System.currentTimeMillis();
            if (now >= nextProgress) {
                System.out.printf("sent %d predictions, %d trace steps, %d actuals (%d waiting), %d failed sends%n",
                        predictions, steps, actuals, pendingActuals.size(), failedSends.get());
                nextProgress += PROGRESS_EVERY_MILLIS;
            }
            sleepUntil(tick + TICK_MILLIS);
        }
        producer.flush();
        System.out.printf("done: %d predictions, %d trace steps, %d actuals, %d failed sends%n",
                predictions, steps, actuals, failedSends.get());
    }

    private void sendRequest(Instant now) {
        DemoWorld.Request request = world.next(now);
        send(EventTopics.PREDICTIONS, request.prediction().getTraceId(), request.prediction());
        predictions++;
        for (var step : request.steps()) {
            send(EventTopics.STEPS, step.getTraceId(), step);
            steps++;
        }
        long delay = world.actualDelayMillis(options.actualDelayMinSeconds(), options.actualDelayMaxSeconds());
        pendingActuals.add(new PendingActual(now.toEpochMilli() + delay, request.actual()));
    }

    private void sendDueActuals(long nowMillis) {
        while (!pendingActuals.isEmpty() && pendingActuals.peek().dueMillis() <= nowMillis) {
            Actual actual = pendingActuals.poll().actual();
            actual.setEventTime(Instant.ofEpochMilli(nowMillis));
            send(EventTopics.ACTUALS, actual.getTraceId(), actual);
            actuals++;
        }
    }

    private void send(String topic, String traceId, SpecificRecord event) {
        byte[] value = serializer.serialize(topic, event);
        producer.send(new ProducerRecord<>(topic, traceId.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
            if (error != null && failedSends.getAndIncrement() == 0) {
                System.err.println("demo: send failed (further failures are only counted): " + error);
            }
        });
    }

    private static void sleepUntil(long millis) {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void close() {
        producer.close();
    }
}
