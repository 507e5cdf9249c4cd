package io.raymon.sdk.demo;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.sdk.ClientStats;
import io.raymon.sdk.PredictionBuilder;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.Trace;
import io.raymon.sdk.kafka.KafkaExporter;
import io.raymon.sdk.profile.ProfileUploader;
import io.raymon.sdk.profile.ReferenceProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * {@code ./raymon demo}: a simulated production service that uses the SDK as a real one would: one
 * client per process, a trace per request with tags, steps and a prediction, and actuals logged later
 * as a label pipeline would.
 */
public final class DemoTraffic {
    private static final long TICK_MILLIS = 100;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;

    private final DemoOptions options;
    private final RaymonClient raymon;
    private final DemoWorld world;
    private final PriorityQueue<PendingActual> pendingActuals = new PriorityQueue<>();

    private record PendingActual(long dueMillis, Actual actual) implements Comparable<PendingActual> {
        @Override
        public int compareTo(PendingActual other) {
            return Long.compare(dueMillis, other.dueMillis);
        }
    }

    DemoTraffic(DemoOptions options) {
        this.options = options;
        this.world = new DemoWorld(options.project(), options.seed());
        this.raymon = RaymonClient.builder()
                .project(options.project())
                .serviceName("demo-model-server")
                .exporter(KafkaExporter.builder()
                        .bootstrapServers(options.kafkaBootstrap())
                        .schemaRegistryUrl(options.registryUrl())
                        .build())
                .build();
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
        uploadProfiles(options);
        DemoTraffic demo = new DemoTraffic(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> demo.raymon.close(Duration.ofSeconds(5))));
        System.out.printf("Sending demo traffic for project '%s' at %d predictions/s to %s (Ctrl-C stops)%n",
                options.project(), options.ratePerSecond(), options.kafkaBootstrap());
        demo.run();
    }

    /** The models' reference profiles, so the ingest job validates the demo's traffic against them. */
    private static void uploadProfiles(DemoOptions options) {
        if (options.ingestKey() == null || options.ingestKey().isBlank()) {
            System.out.println("no RAYMON_DEMO_INGEST_KEY: the demo's models get no reference profiles");
            return;
        }
        ProfileUploader uploader = new ProfileUploader(options.apiUrl(), options.ingestKey());
        for (ReferenceProfile profile : DemoProfiles.build(options.project(), options.seed() + 1)) {
            try {
                uploader.upload(options.project(), profile);
                System.out.printf("uploaded the reference profile of %s %s (%d rows)%n", profile.model(),
                        profile.modelVersion(), profile.samples());
            } catch (IOException e) {
                System.out.printf("could not upload the reference profile of %s %s: %s%n", profile.model(),
                        profile.modelVersion(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void run() {
        long start = System.currentTimeMillis();
        long incidentAt = options.incidentAfter() == null ? Long.MAX_VALUE : start + options.incidentAfter().toMillis();
        long end = options.duration().isZero() ? Long.MAX_VALUE : start + options.duration().toMillis();
        long nextProgress = start + PROGRESS_EVERY_MILLIS;
        double owed = 0;
        for (long tick = start; tick < end; tick += TICK_MILLIS) {
            owed += options.ratePerSecond() * TICK_MILLIS / 1000.0;
            for (; owed >= 1; owed--) {
                handleRequest(Instant.ofEpochMilli(System.currentTimeMillis()));
            }
            logDueActuals(System.currentTimeMillis());
            if (tick >= incidentAt) {
                System.out.printf("incident: client %s now sends bad inputs (spend in cents, unknown or no plan,"
                        + " amounts that are not numbers)%n", DemoWorld.INCIDENT_CLIENT);
                world.startIncident();
                incidentAt = Long.MAX_VALUE;
            }
            if (System.currentTimeMillis() >= nextProgress) {
                printProgress();
                nextProgress += PROGRESS_EVERY_MILLIS;
            }
            sleepUntil(tick + TICK_MILLIS);
        }
        raymon.flush(Duration.ofSeconds(30));
        printProgress();
        raymon.close();
    }

    /** What a model server does per request, with the SDK. */
    private void handleRequest(Instant now) {
        DemoWorld.Request request = world.next(now);
        Prediction p = request.prediction();
        Trace trace = raymon.startTrace(p.getTraceId());
        p.getTags().forEach(trace::tag);
        for (TraceStep step : request.steps()) {
            trace.log(step.getRef(), StandardCharsets.UTF_8.decode(step.getPayload().duplicate()).toString());
        }
        PredictionBuilder prediction = trace.prediction(p.getModel(), p.getModelVersion()).eventTime(now);
        for (Feature feature : p.getFeatures()) {
            prediction.feature(feature.getName(), feature.getValue());
        }
        if (p.getOutput() instanceof ClassPrediction c) {
            prediction.classification(c.getLabel(), c.getScores());
        } else {
            prediction.regression(((RegressionPrediction) p.getOutput()).getValue());
        }
        if (p.getLatencyMs() != null) {
            prediction.latencyMs(p.getLatencyMs());
        }
        prediction.log();
        long delay = world.actualDelayMillis(options.actualDelayMinSeconds(), options.actualDelayMaxSeconds());
        pendingActuals.add(new PendingActual(now.toEpochMilli() + delay, request.actual()));
    }

    /** What a label pipeline does when the ground truth becomes known. */
    private void logDueActuals(long nowMillis) {
        while (!pendingActuals.isEmpty() && pendingActuals.peek().dueMillis() <= nowMillis) {
            Actual actual = pendingActuals.poll().actual();
            if (actual.getLabel() != null) {
                raymon.actual(actual.getTraceId(), actual.getLabel(), Instant.ofEpochMilli(nowMillis));
            } else {
                raymon.actual(actual.getTraceId(), actual.getValue(), Instant.ofEpochMilli(nowMillis));
            }
        }
    }

    private void printProgress() {
        ClientStats stats = raymon.stats();
        System.out.printf("logged %d events, sent %d, queued %d, retried %d, dropped %d; %d actuals waiting%n",
                stats.accepted(), stats.sent(), stats.queued(), stats.retried(), stats.droppedTotal(),
                pendingActuals.size());
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
}
