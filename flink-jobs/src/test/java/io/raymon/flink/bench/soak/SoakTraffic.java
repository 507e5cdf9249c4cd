package io.raymon.flink.bench.soak;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Simulated production traffic in the order it would arrive: a prediction every {@code 1/rate} seconds
 * of event time over {@code days}, three models (a binary classifier, a three-class classifier, a
 * regression), three tags (30 clients with a skewed share, 15 countries, 5 devices: 50 slices per model
 * besides the global one), ten features; 60% of predictions get their actual, half of those within
 * 10 minutes, 30% within 6 hours, 20% up to 48 hours later. Every event derives from its index and the
 * seed, so a run can be recomputed.
 */
final class SoakTraffic implements Iterator<SpecificRecord> {
    static final String PROJECT = "soak";
    static final List<String> MODELS = List.of("churn", "intent", "eta");
    static final double LABELED_SHARE = 0.6;
    static final Duration LONGEST_LABEL_DELAY = Duration.ofHours(48);
    private static final String[] INTENTS = {"browse", "buy", "leave"};
    private static final String[] DEVICES = {"android", "ios", "web", "tv", "watch"};

    private final long seed;
    private final long start;
    private final long stepMs;
    private final long predictions;
    private final PriorityQueue<long[]> pendingActuals = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private long next;

    /** @param start event time of the first prediction */
    SoakTraffic(long seed, Instant start, Duration length, int ratePerSecond) {
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.stepMs = 1000L / ratePerSecond;
        this.predictions = length.toMillis() / stepMs;
    }

    long predictions() {
        return predictions;
    }

    @Override
    public boolean hasNext() {
        return next < predictions || !pendingActuals.isEmpty();
    }

    /** The next event to arrive: a prediction, or an actual whose time has come. */
    @Override
    public SpecificRecord next() {
        long predictionTime = start + next * stepMs;
        if (!pendingActuals.isEmpty() && (next >= predictions || pendingActuals.peek()[0] <= predictionTime)) {
            long[] due = pendingActuals.poll();
            return actual(due[1], due[0]);
        }
        if (next >= predictions) {
            throw new NoSuchElementException();
        }
        long i = next++;
        SplittableRandom random = random(i);
        if (random.nextDouble() < LABELED_SHARE) {
            pendingActuals.add(new long[] {predictionTime + labelDelayMs(random), i});
        }
        return prediction(i);
    }

    Prediction prediction(long i) {
        SplittableRandom random = random(i);
        random.nextDouble(); // labeled or not
        labelDelayMs(random);
        String model = MODELS.get((int) (i % MODELS.size()));
        double signal = random.nextGaussian();
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            features.add(new Feature("x" + f, signal * (f + 1) + random.nextGaussian()));
        }
        features.add(new Feature("plan", random.nextBoolean() ? "pro" : "free"));
        features.add(new Feature("referrer", random.nextDouble() < 0.1 ? null : "r" + random.nextInt(5)));
        return Prediction.newBuilder()
                .setProject(PROJECT)
                .setTraceId(traceId(i))
                .setModel(model)
                .setModelVersion("v1")
                .setEventTime(Instant.ofEpochMilli(start + i * stepMs))
                .setTags(Map.of("client", client(random), "country", "c" + random.nextInt(15),
                        "device", DEVICES[random.nextInt(DEVICES.length)]))
                .setFeatures(features)
                .setOutput(output(model, signal, random))
                .setLatencyMs(Math.exp(2.5 + 0.6 * random.nextGaussian()))
                .build();
    }

    private Actual actual(long i, long arrivalMs) {
        SplittableRandom random = random(i ^ 0x5DEECE66DL);
        String model = MODELS.get((int) (i % MODELS.size()));
        Prediction p = prediction(i);
        Actual.Builder actual = Actual.newBuilder().setProject(PROJECT).setTraceId(traceId(i))
                .setEventTime(Instant.ofEpochMilli(arrivalMs));
        return switch (model) {
            case "eta" -> actual.setValue(((RegressionPrediction) p.getOutput()).getValue() + random.nextGaussian() * 3).build();
            case "churn" -> actual.setLabel(random.nextDouble() < ((ClassPrediction) p.getOutput()).getScores().get("yes")
                    ? "yes" : "no").build();
            default -> actual.setLabel(random.nextDouble() < 0.7 ? ((ClassPrediction) p.getOutput()).getLabel()
                    : INTENTS[random.nextInt(INTENTS.length)]).build();
        };
    }

    private static Object output(String model, double signal, SplittableRandom random) {
        switch (model) {
            case "churn" -> {
                double yes = 1 / (1 + Math.exp(-signal));
                return new ClassPrediction(yes >= 0.5 ? "yes" : "no", Map.of("yes", yes, "no", 1 - yes));
            }
            case "intent" -> {
                double[] scores = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
                double sum = scores[0] + scores[1] + scores[2];
                int best = scores[0] >= scores[1] && scores[0] >= scores[2] ? 0 : scores[1] >= scores[2] ? 1 : 2;
                return new ClassPrediction(INTENTS[best], Map.of(INTENTS[0], scores[0] / sum, INTENTS[1], scores[1] / sum,
                        INTENTS[2], scores[2] / sum));
            }
            default -> {
                return new RegressionPrediction(30 + 10 * signal);
            }
        }
    }

    /** 30 clients, the first few with most of the traffic (share proportional to 1 / rank). */
    private static String client(SplittableRandom random) {
        double u = random.nextDouble() * 3.994987; // the 30th harmonic number
        double cumulative = 0;
        for (int rank = 1; rank <= 30; rank++) {
            cumulative += 1.0 / rank;
            if (u < cumulative) {
                return String.format("client-%02d", rank);
            }
        }
        return "client-30";
    }

    private static long labelDelayMs(SplittableRandom random) {
        double kind = random.nextDouble();
        double u = random.nextDouble();
        if (kind < 0.5) {
            return (long) (u * Duration.ofMinutes(10).toMillis());
        }
        if (kind < 0.8) {
            return Duration.ofMinutes(10).toMillis() + (long) (u * Duration.ofMinutes(350).toMillis());
        }
        return Duration.ofHours(6).toMillis() + (long) (u * Duration.ofHours(42).toMillis());
    }

    private SplittableRandom random(long i) {
        return new SplittableRandom(seed * 1_000_003L + i);
    }

    static String traceId(long i) {
        return String.format("%032x", i + 1);
    }
}
