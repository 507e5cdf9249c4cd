package io.raymon.api.bench;

import io.raymon.api.drift.DriftAssessment;
import io.raymon.api.drift.DriftAssessment.BaselineKind;
import io.raymon.api.drift.SliceProfiles;
import io.raymon.clickhouse.drift.DriftEvaluation;
import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Detection quality of the drift verdicts at their defaults, on simulated traffic with known incidents:
 * false alarms per day on healthy traffic, and the delay until an incident is flagged.
 *
 * <p>Traffic: 10 days, volume with a daily cycle (from 60 to 340 predictions a minute), 24 clients with
 * Zipf-like shares (from 16% down to 1.2%), 12 features: an amount (log-normal), ages and tenures
 * (integers), a score (normal), a ratio (uniform), item counts (Poisson-like), a balance missing 10% of
 * the time as a normal baseline, a night amount whose distribution follows the hour of the day, a
 * country, a device, a flag, and the output. The reference profile is captured from day 0 by the SDK's
 * builder; days 1 to 6 fill the trailing and seasonal baselines; days 7 to 9 are evaluated every hour (window
 * PT1H, non-overlapping: each (feature, slice, window) is tested once) against each baseline with the
 * API's own code ({@link DriftAssessment}: all pairs of a window tested together). Then the last day
 * again with an incident from 12:00 on one client (5% of the traffic): a severe one (many missing values,
 * far-shifted ranges) and a subtle one (1.5x amounts, a year more tenure); evaluated every 5 minutes over
 * the sliding hour, to measure the delay.
 *
 * <p>Run: {@code ./raymon bench drift} (or this class's main). Figures in BENCHMARKS.md.
 */
public final class DriftDetectionBenchmark {
    static final int DAYS = 10;
    /** Days evaluated for false alarms: the last ones, each with 7 days of history before it. */
    static final int EVALUATED_DAYS = 3;
    static final int CLIENTS = 24;
    static final String BAD_CLIENT = "client=c05";
    static final List<String> FEATURES = List.of("amount", "age", "tenure_months", "score", "ratio", "items",
            "balance", "night_amount", "country", "device", "flag", FeatureSketches.OUTPUT);

    private final double[] clientWeights = new double[CLIENTS];
    /** Hourly sketches per (slice, feature) of every simulated hour. */
    private final Map<String, FeatureSketch[]> hourly = new HashMap<>();
    private ReferenceProfile reference;

    public static void main(String[] args) {
        new DriftDetectionBenchmark().run();
    }

    DriftDetectionBenchmark() {
        double total = 0;
        for (int k = 0; k < CLIENTS; k++) {
            clientWeights[k] = 1 / Math.pow(k + 1, 0.9);
            total += clientWeights[k];
        }
        for (int k = 0; k < CLIENTS; k++) {
            clientWeights[k] /= total;
        }
        // c05 carries about 5% of the traffic.
    }

    void run() {
        long started = System.nanoTime();
        System.out.printf("simulating %d days of healthy traffic (%d clients, %d features and the output)%n", DAYS,
                CLIENTS, FEATURES.size() - 1);
        simulateHealthyDays();
        System.out.printf("simulated in %.1f s; client shares from %.1f%% to %.1f%% (%s: %.1f%%)%n",
                (System.nanoTime() - started) / 1e9, 100 * clientWeights[0], 100 * clientWeights[CLIENTS - 1],
                BAD_CLIENT, 100 * clientWeights[5]);
        System.out.println();
        System.out.println("false alarms on the last " + EVALUATED_DAYS + " healthy days, hourly windows, defaults "
                + DriftScore.Policy.DEFAULTS);
        System.out.printf("%-10s %12s %12s %12s %s%n", "baseline", "pairs tested", "drift", "per day", "drifted pairs (windows)");
        for (BaselineKind kind : BaselineKind.values()) {
            falseAlarms(kind);
        }
        System.out.println();
        detectionDelay(Incident.SEVERE);
        System.out.println();
        detectionDelay(Incident.SUBTLE);
    }

    // ---- traffic ----

    private static int hourOf(int minuteOfDay) {
        return minuteOfDay / 60;
    }

    /** Predictions in a minute: a daily cycle, lowest at 04:00, highest at 16:00. */
    private static int volume(int minuteOfDay) {
        double phase = 2 * Math.PI * (minuteOfDay / 1440.0 - 4.0 / 24);
        return (int) Math.round(200 - 140 * Math.cos(phase));
    }

    private String client(SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < CLIENTS; k++) {
            u -= clientWeights[k];
            if (u < 0) {
                return String.format("client=c%02d", k);
            }
        }
        return String.format("client=c%02d", CLIENTS - 1);
    }

    /** What an incident does to the bad client's amounts and tenures. */
    enum Incident {
        NONE, SEVERE, SUBTLE;

        Double amount(SplittableRandom random, double healthy) {
            return switch (this) {
                case NONE -> healthy;
                case SEVERE -> random.nextDouble() < 0.4 ? null : Double.valueOf(4 * healthy);
                case SUBTLE -> random.nextDouble() < 0.05 ? null : Double.valueOf(1.5 * healthy);
            };
        }

        Double tenure(SplittableRandom random, int healthy) {
            return switch (this) {
                case NONE -> (double) healthy;
                case SEVERE -> random.nextDouble() < 0.3 ? null : Double.valueOf(200 + healthy);
                case SUBTLE -> (double) healthy + 12;
            };
        }

        String describe() {
            return this == SEVERE ? "40% missing and 4x amounts, 30% missing and tenures +200 months"
                    : "5% missing and 1.5x amounts, tenures +12 months";
        }
    }

    private static Map<String, Object> features(SplittableRandom random, int minuteOfDay, Incident incident) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", incident.amount(random, Math.exp(4 + 0.8 * gaussian(random))));
        f.put("age", (double) (18 + random.nextInt(63)));
        f.put("tenure_months", incident.tenure(random, random.nextInt(120)));
        f.put("score", gaussian(random));
        f.put("ratio", random.nextDouble());
        f.put("items", (double) poisson(random, 3));
        f.put("balance", random.nextDouble() < 0.1 ? null : Math.exp(6 + gaussian(random)));
        // Larger at night: the mean follows the hour of the day.
        double night = Math.cos(2 * Math.PI * hourOf(minuteOfDay) / 24.0);
        f.put("night_amount", Math.exp(3 + 0.8 * night + 0.5 * gaussian(random)));
        double u = random.nextDouble();
        f.put("country", u < 0.5 ? "BE" : u < 0.8 ? "NL" : u < 0.95 ? "FR" : "DE");
        f.put("device", random.nextDouble() < 0.6 ? "ios" : random.nextDouble() < 0.9 ? "android" : "web");
        f.put("flag", random.nextDouble() < 0.2);
        return f;
    }

    private static String output(SplittableRandom random) {
        return random.nextDouble() < 0.1 ? "fraud" : "ok";
    }

    private static void add(FeatureSketches sketches, Map<String, Object> features, String output) {
        features.forEach((name, value) -> {
            FeatureSketch sketch = sketches.sketchOf(name);
            if (value == null) {
                sketch.addMissing();
            } else if (value instanceof Double number) {
                sketch.addNumber(number);
            } else {
                sketch.addCategory(value.toString());
            }
        });
        sketches.sketchOf(FeatureSketches.OUTPUT).addCategory(output);
    }

    private void simulateHealthyDays() {
        SplittableRandom random = new SplittableRandom(2026);
        ReferenceProfileBuilder builder = ReferenceProfile.builder("fraud", "1");
        for (int day = 0; day < DAYS; day++) {
            for (int hour = 0; hour < 24; hour++) {
                Map<String, FeatureSketches> slices = new HashMap<>();
                for (int minute = hour * 60; minute < hour * 60 + 60; minute++) {
                    for (int i = volume(minute); i > 0; i--) {
                        Map<String, Object> f = features(random, minute, Incident.NONE);
                        String output = output(random);
                        if (day == 0) {
                            builder.add(f, output);
                        }
                        add(slices.computeIfAbsent(client(random), s -> new FeatureSketches()), f, output);
                        add(slices.computeIfAbsent(MetricColumns.GLOBAL_SLICE, s -> new FeatureSketches()), f, output);
                    }
                }
                int index = day * 24 + hour;
                slices.forEach((slice, sketches) -> sketches.features.forEach((feature, sketch) ->
                        hourly.computeIfAbsent(slice + "\n" + feature, k -> new FeatureSketch[DAYS * 24])[index] = sketch));
            }
        }
        reference = builder.build();
    }

    // ---- evaluation: the API's, DriftAssessment ----

    /** The baseline sketches of every pair for a window starting at {@code windowHour}. */
    private Map<SliceProfiles.Key, FeatureSketch> baselines(BaselineKind kind, int windowHour) {
        Map<SliceProfiles.Key, FeatureSketch> baselines = new HashMap<>();
        hourly.forEach((key, hours) -> {
            String[] parts = key.split("\n");
            FeatureSketch merged = new FeatureSketch();
            if (kind == BaselineKind.TRAILING) {
                for (int h = windowHour - 24; h < windowHour; h++) {
                    addIfPresent(merged, hours[h]);
                }
            } else {
                for (int day = 1; day <= 7; day++) {
                    addIfPresent(merged, hours[windowHour - 24 * day]);
                }
            }
            baselines.put(new SliceProfiles.Key(parts[0], parts[1]), merged);
        });
        return baselines;
    }

    private static void addIfPresent(FeatureSketch into, FeatureSketch sketch) {
        if (sketch != null) {
            into.merge(sketch);
        }
    }

    /** All pairs of one window tested together against a baseline, as the API does (auto: reference, seasonal). */
    private List<DriftEvaluation.Tested<SliceProfiles.Key>> evaluate(BaselineKind kind,
            Map<SliceProfiles.Key, FeatureSketch> current, int windowHour) {
        BaselineKind primary = kind == BaselineKind.AUTO ? BaselineKind.REFERENCE : kind;
        Map<SliceProfiles.Key, FeatureSketch> baseline = primary == BaselineKind.REFERENCE ? Map.of()
                : baselines(primary, windowHour);
        DriftAssessment assessment = DriftAssessment.of(primary, reference, baseline, current);
        if (kind == BaselineKind.AUTO) {
            assessment = assessment.confirmedBy(DriftAssessment.of(BaselineKind.SEASONAL, reference,
                    baselines(BaselineKind.SEASONAL, windowHour), current));
        }
        return assessment.tested();
    }

    private void falseAlarms(BaselineKind kind) {
        int tested = 0;
        int drifted = 0;
        Map<String, Integer> byPair = new TreeMap<>();
        for (int hour = 0; hour < 24 * EVALUATED_DAYS; hour++) {
            int windowHour = (DAYS - EVALUATED_DAYS) * 24 + hour;
            Map<SliceProfiles.Key, FeatureSketch> current = new HashMap<>();
            hourly.forEach((key, hours) -> {
                String[] parts = key.split("\n");
                if (hours[windowHour] != null) {
                    current.put(new SliceProfiles.Key(parts[0], parts[1]), hours[windowHour]);
                }
            });
            for (DriftEvaluation.Tested<SliceProfiles.Key> t : evaluate(kind, current, windowHour)) {
                if (t.verdict() != DriftScore.Verdict.INSUFFICIENT_DATA) {
                    tested++;
                }
                if (t.verdict() == DriftScore.Verdict.DRIFT) {
                    drifted++;
                    byPair.merge(t.key().slice() + "/" + t.key().feature(), 1, Integer::sum);
                }
            }
        }
        System.out.printf("%-10s %12d %12d %12.1f %s%n", kind.name().toLowerCase(), tested, drifted,
                (double) drifted / EVALUATED_DAYS, byPair);
    }

    /** Day 7 again with an incident from 12:00 on one client; the sliding hour evaluated every 5 minutes. */
    private void detectionDelay(Incident incident) {
        SplittableRandom random = new SplittableRandom(7);
        int day = DAYS - 1;
        int onset = 12 * 60;
        List<Map<SliceProfiles.Key, FeatureSketch>> minutes = new ArrayList<>();
        System.out.println("incident on the last day at 12:00: " + BAD_CLIENT + " sends " + incident.describe()
                + "; sliding PT1H window evaluated every 5 minutes for 2 hours");
        for (BaselineKind kind : BaselineKind.values()) {
            Integer delay = null;
            List<String> others = new ArrayList<>();
            minutes.clear();
            for (int minute = onset - 60; minute < onset + 120; minute++) {
                Map<SliceProfiles.Key, FeatureSketch> sketches = new HashMap<>();
                for (int i = volume(minute); i > 0; i--) {
                    String client = client(random);
                    Map<String, Object> f = features(random, minute,
                            minute >= onset && client.equals(BAD_CLIENT) ? incident : Incident.NONE);
                    String output = output(random);
                    for (String slice : List.of(client, MetricColumns.GLOBAL_SLICE)) {
                        FeatureSketches one = new FeatureSketches();
                        add(one, f, output);
                        one.features.forEach((feature, sketch) ->
                                sketches.computeIfAbsent(new SliceProfiles.Key(slice, feature), p -> new FeatureSketch()).merge(sketch));
                    }
                }
                minutes.add(sketches);
                if (minute >= onset && (minute - onset + 1) % 5 == 0) {
                    Map<SliceProfiles.Key, FeatureSketch> window = new HashMap<>();
                    for (Map<SliceProfiles.Key, FeatureSketch> m : minutes.subList(minutes.size() - 60, minutes.size())) {
                        m.forEach((pair, sketch) -> window.computeIfAbsent(pair, p -> new FeatureSketch()).merge(sketch));
                    }
                    int windowHour = day * 24 + hourOf(minute);
                    List<String> drifted = evaluate(kind, window, windowHour).stream()
                            .filter(t -> t.verdict() == DriftScore.Verdict.DRIFT)
                            .map(t -> t.key().slice() + "/" + t.key().feature()).toList();
                    if (delay == null && drifted.contains(BAD_CLIENT + "/amount") && drifted.contains(BAD_CLIENT + "/tenure_months")) {
                        delay = minute - onset + 1;
                    }
                    drifted.stream().filter(p -> !p.startsWith(BAD_CLIENT + "/") && !p.equals("__all__/amount")
                            && !p.equals("__all__/tenure_months") && !others.contains(p)).forEach(others::add);
                }
            }
            System.out.printf("%-10s both features flagged %s after the onset; other pairs flagged in the 2 hours: %s%n",
                    kind.name().toLowerCase(), delay == null ? "never (within 120 min)" : delay + " min", others);
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
