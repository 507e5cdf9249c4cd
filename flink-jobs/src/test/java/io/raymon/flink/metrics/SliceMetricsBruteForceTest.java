package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs generated traffic with known answers through the whole metrics chain (slice guard, join,
 * pre-aggregation, window sums) in operator harnesses and checks every metric of every slice-window
 * (global, each tag, a combination; minute, hour and day) against a brute-force computation over the
 * generated events: a binary classifier with scores, a three-class classifier and a regression, with
 * actuals that arrive before their predictions, seconds later, or hours later in another window.
 */
class SliceMetricsBruteForceTest {
    private static final long T0 = 1_795_680_000_000L; // a day boundary (2026-11-26T00:00Z)
    private static final Duration HORIZON = Duration.ofDays(1);
    private static final Duration EMIT = Duration.ofSeconds(2);
    private static final Duration CLOSE_DELAY = Duration.ofMinutes(10);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(1);
    private static final String[] CLIENTS = {"acme", "globex", "initech"};
    private static final String[] COUNTRIES = {"DE", "FR"};
    private static final String[] INTENTS = {"buy", "browse", "leave"};
    private static final String[] PLANS = {"free", "pro", "team"};
    /** Exact sums may differ from brute force only by floating-point summation order. */
    private static final double EXACT = 1e-9;

    private final Random random = new Random(20261126);
    /** Feature values: a generator of their own, so the rest of the traffic is the same with or without them. */
    private final Random featureRandom = new Random(20261202);
    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, TraceEvent> guard;
    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> join;
    private OneInputStreamOperatorTestHarness<Outcome, SliceMetricsRow> preAggregate;
    private KeyedOneInputStreamOperatorTestHarness<String, SliceMetricsRow, SliceMetricsRow> windows;
    private long processingTime = 0;
    private long watermark = Long.MIN_VALUE;

    /** A generated prediction with its actual (null if it never gets one) and when each arrives. */
    record Case(TraceEvent prediction, TraceEvent actual, long predictionArrives, long actualArrives) {}

    @BeforeEach
    void setUp() throws Exception {
        guard = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceGuardFunction(SliceDimensions.parse("client+country"), 100, 1_000), TraceEvent::modelKey, Types.STRING);
        join = new KeyedOneInputStreamOperatorTestHarness<>(
                new CappedJoinOperator(new JoinFunction(LabelHorizons.of(HORIZON), 1_000_000)), TraceEvent::traceKey, Types.STRING);
        join.open();
        preAggregate = new OneInputStreamOperatorTestHarness<>(new SlicePreAggregator(200, SliceMetricsFunction.EmitIntervals.every(EMIT), 50));
        preAggregate.open();
        windows = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceMetricsFunction(SliceMetricsFunction.EmitIntervals.every(EMIT), CLOSE_DELAY, new SliceMetricsFunction.LateFlush(EMIT, EMIT)), SliceMetricsRow::windowKey, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        guard.close();
        join.close();
        preAggregate.close();
        windows.close();
    }

    @Test
    void everyMetricOfEverySliceWindowEqualsTheBruteForceAnswer() throws Exception {
        List<Case> cases = generate(3_000);
        StoredMetricRows stored = run(cases);
        Map<String, SliceAggregate> rows = stored.windows();
        Map<String, List<Case>> expected = expectedMembers(cases);

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(rows).hasSizeGreaterThan(100);
        int checkedWithLateActuals = 0;
        for (Map.Entry<String, List<Case>> window : expected.entrySet()) {
            assertMetrics(window.getKey(), rows.get(window.getKey()).metrics(), window.getValue());
            assertProfiles(window.getKey(), rows.get(window.getKey()).features, window.getValue());
            if (window.getValue().stream().anyMatch(c -> c.actual != null && c.actualArrives - c.predictionArrives > 60_000)) {
                checkedWithLateActuals++;
            }
        }
        assertThat(checkedWithLateActuals).as("windows whose actuals came after the minute").isGreaterThan(50);
        assertThat(stored.parts()).as("late actuals stored as deltas of closed windows").isGreaterThan(rows.size());
        assertThat(windows.numKeyedStateEntries()).as("no window state once all are closed").isZero();
    }

    private List<Case> generate(int n) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long time = T0 + (long) (random.nextDouble() * Duration.ofMinutes(90).toMillis());
            String model = i % 3 == 0 ? "churn" : i % 3 == 1 ? "intent" : "price";
            TraceEvent p = JoinFunctionTest.prediction("trace-" + i, model, null, time);
            p.modelVersion = random.nextBoolean() ? "1" : "2";
            p.tagKeys = new String[] {"client", "country"};
            p.tagValues = new String[] {CLIENTS[random.nextInt(3)], COUNTRIES[random.nextInt(2)]};
            p.slices = new String[0];
            p.latencyMs = random.nextDouble() < 0.9 ? 1 + random.nextDouble() * 200 : Double.NaN;
            String truth = fill(p);
            p.featureNames = new String[] {"amount", "plan"};
            p.featureNumbers = new double[] {featureRandom.nextDouble() < 0.1 ? Double.NaN : Math.exp(featureRandom.nextGaussian()),
                    Double.NaN};
            p.featureCategories = new String[] {null, PLANS[featureRandom.nextInt(PLANS.length)]};
            TraceEvent actual = null;
            long actualArrives = 0;
            if (random.nextDouble() < 0.7) {
                double kind = random.nextDouble();
                long delay = kind < 0.1 ? -5_000 : kind < 0.6 ? random.nextInt(30_000) : (long) (random.nextDouble() * 3 * 3_600_000);
                actual = JoinFunctionTest.actual(p.traceId, model.equals("price") ? null : truth, time + Math.max(0, delay));
                if (model.equals("price")) {
                    actual.actualValue = Double.parseDouble(truth);
                }
                actualArrives = time + delay;
            }
            cases.add(new Case(p, actual, time, actualArrives));
        }
        return cases;
    }

    /** Sets the prediction's output; returns its actual (a label, or a number for the regression). */
    private String fill(TraceEvent p) {
        switch (p.model) {
            case "churn" -> {
                boolean truth = random.nextDouble() < 0.3;
                double yes = 1 / (1 + Math.exp(-(random.nextGaussian() + (truth ? 1.5 : -0.5))));
                p.scoreLabels = new String[] {"no", "yes"};
                p.scoreValues = new double[] {1 - yes, yes};
                p.predictedLabel = yes >= 0.5 ? "yes" : "no";
                return truth ? "yes" : "no";
            }
            case "intent" -> {
                String truth = INTENTS[random.nextInt(3)];
                double[] scores = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
                scores[Arrays.asList(INTENTS).indexOf(truth)] += 0.6;
                double sum = scores[0] + scores[1] + scores[2];
                Map<String, Double> sorted = new TreeMap<>();
                for (int i = 0; i < 3; i++) {
                    sorted.put(INTENTS[i], scores[i] / sum);
                }
                p.scoreLabels = sorted.keySet().toArray(new String[0]);
                p.scoreValues = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
                p.predictedLabel = sorted.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                return random.nextDouble() < 0.1 ? "unknown-intent" : truth;
            }
            default -> {
                double truth = random.nextDouble() < 0.05 ? 0 : 50 + random.nextGaussian() * 20;
                p.predictedLabel = null;
                p.predictedValue = truth + random.nextGaussian() * 5;
                return Double.toString(truth);
            }
        }
    }

    /**
     * Feeds events in arrival order through the chain, with a watermark that trails the arrivals by a
     * minute (windows close, and later actuals become deltas), then the final watermark; the rows written.
     */
    private StoredMetricRows run(List<Case> cases) throws Exception {
        record Arrival(long time, TraceEvent event) {}
        List<Arrival> arrivals = new ArrayList<>();
        for (Case c : cases) {
            arrivals.add(new Arrival(c.predictionArrives, c.prediction));
            if (c.actual != null) {
                arrivals.add(new Arrival(c.actualArrives, c.actual));
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::time));
        for (Arrival arrival : arrivals) {
            if (arrival.event.isPrediction()) {
                guard.processElement(arrival.event, arrival.time);
                for (TraceEvent sliced : drain(guard)) {
                    join.processElement(sliced, arrival.time);
                }
            } else {
                join.processElement(arrival.event, arrival.time);
            }
            for (Outcome outcome : drain(join)) {
                preAggregate.processElement(new StreamRecord<>(outcome));
            }
            advanceProcessingTime(arrival.time);
            advanceWatermark(arrival.time - OUT_OF_ORDERNESS.toMillis());
        }
        preAggregate.prepareSnapshotPreBarrier(1);
        advanceProcessingTime(processingTime + EMIT.toMillis() + 1);
        forwardPartials();
        advanceProcessingTime(processingTime + EMIT.toMillis() + 1);
        windows.processWatermark(Long.MAX_VALUE);
        StoredMetricRows stored = new StoredMetricRows();
        stored.write(windows.extractOutputValues());
        stored.write(windows.getSideOutput(SliceMetricsFunction.COMMITTED).stream().map(r -> r.getValue()).toList());
        return stored;
    }

    /** As the pre-aggregator does: its partials leave before the watermark that follows them. */
    private void advanceWatermark(long watermark) throws Exception {
        if (watermark > this.watermark) {
            this.watermark = watermark;
            preAggregate.processWatermark(watermark);
            forwardPartials();
            windows.processWatermark(watermark);
        }
    }

    private void advanceProcessingTime(long time) throws Exception {
        if (time <= processingTime) {
            return;
        }
        processingTime = time;
        preAggregate.setProcessingTime(time);
        forwardPartials();
        windows.setProcessingTime(time);
    }

    private void forwardPartials() throws Exception {
        for (SliceMetricsRow partial : drain(preAggregate)) {
            windows.processElement(partial, processingTime);
        }
    }

    private static <T> List<T> drain(OneInputStreamOperatorTestHarness<?, T> harness) {
        List<T> values = harness.extractOutputValues();
        harness.getOutput().clear();
        return values;
    }

    /** The predictions of each slice-window, by brute force (no guard limit is reached here). */
    private static Map<String, List<Case>> expectedMembers(List<Case> cases) {
        Map<String, List<Case>> members = new LinkedHashMap<>();
        for (Case c : cases) {
            TraceEvent p = c.prediction;
            List<String> slices = new ArrayList<>(List.of(MetricColumns.GLOBAL_SLICE,
                    "client=" + p.tagValues[0], "country=" + p.tagValues[1],
                    "client=" + p.tagValues[0] + "&country=" + p.tagValues[1]));
            for (Resolution resolution : Resolution.values()) {
                for (String slice : slices) {
                    members.computeIfAbsent(SliceWindow.of(p, slice, resolution).key(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        return members;
    }

    /** Profiles held and sent apart from the metrics add up to the window's values all the same. */
    private static void assertProfiles(String window, FeatureSketches profiles, List<Case> cases) {
        String at = window.replace('\n', '/');
        double[] amounts = cases.stream().mapToDouble(c -> c.prediction.featureNumbers[0]).filter(v -> !Double.isNaN(v)).toArray();
        FeatureSketch amount = profiles.features.get("amount");
        assertThat(amount.count).as(at + " amount values").isEqualTo(cases.size());
        assertThat(amount.numeric).as(at + " amount numbers").isEqualTo(amounts.length);
        assertThat(amount.histogram.count()).as(at + " amount histogram").isEqualTo(amounts.length);
        assertThat(amount.sum).as(at + " amount sum").isCloseTo(Arrays.stream(amounts).sum(), within(1e-9 * amounts.length));
        if (amounts.length > 0) {
            assertThat(amount.max).as(at + " amount max").isEqualTo(Arrays.stream(amounts).max().orElseThrow());
        }
        Map<String, Long> plans = cases.stream().collect(Collectors.groupingBy(c -> c.prediction.featureCategories[1],
                TreeMap::new, Collectors.counting()));
        assertThat(new TreeMap<>(profiles.features.get("plan").categories)).as(at + " plans").isEqualTo(plans);
        assertThat(profiles.features.get(FeatureSketches.OUTPUT).count).as(at + " outputs").isEqualTo(cases.size());
    }

    private static void assertMetrics(String window, Map<String, Object> m, List<Case> cases) {
        String at = window.replace('\n', '/');
        List<Case> labeled = cases.stream().filter(c -> c.actual != null).toList();
        assertThat(m.get("predictions")).as(at).isEqualTo((long) cases.size());
        assertThat(m.get("labeled")).as(at).isEqualTo((long) labeled.size());
        assertClose(at + " labelCoverage", m, "labelCoverage", (double) labeled.size() / cases.size());

        double[] latencies = cases.stream().mapToDouble(c -> c.prediction.latencyMs).filter(v -> !Double.isNaN(v)).toArray();
        assertClose(at + " latency mean", m, "latencyMeanMs", mean(latencies));
        assertQuantile(at + " latency p50", m, "latencyP50Ms", latencies, 0.5);
        assertQuantile(at + " latency p95", m, "latencyP95Ms", latencies, 0.95);
        assertQuantile(at + " latency p99", m, "latencyP99Ms", latencies, 0.99);
        double[] scores = cases.stream().mapToDouble(c -> expectedScore(c.prediction)).toArray();
        assertClose(at + " score mean", m, "scoreMean", mean(scores));
        assertQuantile(at + " score p10", m, "scoreP10", scores, 0.1);
        assertQuantile(at + " score p90", m, "scoreP90", scores, 0.9);
        double[] delays = labeled.stream().mapToDouble(c -> Math.max(0, c.actual.eventTimeMs - c.prediction.eventTimeMs)).toArray();
        assertClose(at + " label delay mean", m, "labelDelayMeanMs", mean(delays));
        assertQuantile(at + " label delay p95", m, "labelDelayP95Ms", delays, 0.95);

        String model = cases.get(0).prediction.model;
        if (model.equals("price")) {
            assertRegression(at, m, labeled);
        } else {
            assertClassification(at, m, cases, labeled);
        }
    }

    private static void assertClassification(String at, Map<String, Object> m, List<Case> cases, List<Case> labeled) {
        Map<String, Long> predictedCounts = count(cases, c -> c.prediction.predictedLabel);
        Map<String, Double> shares = new TreeMap<>();
        predictedCounts.forEach((label, count) -> shares.put(label, (double) count / cases.size()));
        assertThat((Map<?, ?>) m.get("classShares")).as(at).isEqualTo(shares);
        long correct = labeled.stream().filter(c -> c.prediction.predictedLabel.equals(c.actual.actualLabel)).count();
        assertClose(at + " accuracy", m, "accuracy", labeled.isEmpty() ? null : (double) correct / labeled.size());
        assertClose(at + " log loss", m, "logLoss", labeled.isEmpty() ? null
                : labeled.stream().mapToDouble(c -> -Math.log(Math.max(1e-15, probabilityOf(c.prediction, c.actual.actualLabel))))
                        .average().orElseThrow());

        TreeSet<String> classes = new TreeSet<>();
        labeled.forEach(c -> {
            classes.add(c.actual.actualLabel);
            classes.add(c.prediction.predictedLabel);
        });
        List<Double> precisions = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        List<Double> f1s = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) m.get("perClass");
        assertThat(perClass).extracting(e -> e.get("label")).as(at).containsExactlyElementsOf(classes);
        for (Map<String, Object> entry : perClass) {
            String label = (String) entry.get("label");
            long tp = labeled.stream().filter(c -> label.equals(c.actual.actualLabel) && label.equals(c.prediction.predictedLabel)).count();
            long support = labeled.stream().filter(c -> label.equals(c.actual.actualLabel)).count();
            long predicted = labeled.stream().filter(c -> label.equals(c.prediction.predictedLabel)).count();
            Double precision = predicted == 0 ? null : (double) tp / predicted;
            Double recall = support == 0 ? null : (double) tp / support;
            Double f1 = precision == null || recall == null ? null
                    : precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            assertThat(entry.get("support")).as(at + " " + label).isEqualTo(support);
            assertClose(at + " precision " + label, entry, "precision", precision);
            assertClose(at + " recall " + label, entry, "recall", recall);
            assertClose(at + " f1 " + label, entry, "f1", f1);
            if (precision != null) {
                precisions.add(precision);
            }
            if (recall != null) {
                recalls.add(recall);
            }
            if (f1 != null) {
                f1s.add(f1);
            }
        }
        assertClose(at + " macro precision", m, "precisionMacro", meanOrNull(precisions));
        assertClose(at + " macro recall", m, "recallMacro", meanOrNull(recalls));
        assertClose(at + " macro f1", m, "f1Macro", meanOrNull(f1s));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> confusion = (List<Map<String, Object>>) m.get("confusion");
        Map<String, Long> cells = count(labeled, c -> c.actual.actualLabel + "->" + c.prediction.predictedLabel);
        Map<String, Long> reported = new TreeMap<>();
        confusion.forEach(cell -> reported.put(cell.get("actual") + "->" + cell.get("predicted"), (Long) cell.get("count")));
        assertThat(reported).as(at + " confusion").isEqualTo(cells);

        if (cases.get(0).prediction.model.equals("churn")) {
            assertClose(at + " ROC AUC", m, "rocAuc", bucketedAuc(labeled));
        } else {
            assertThat(m.get("rocAuc")).as(at + " no AUC beyond two classes").isNull();
        }
    }

    private static void assertRegression(String at, Map<String, Object> m, List<Case> labeled) {
        double[] errors = labeled.stream().mapToDouble(c -> c.prediction.predictedValue - c.actual.actualValue).toArray();
        double[] actuals = labeled.stream().mapToDouble(c -> c.actual.actualValue).toArray();
        assertClose(at + " mae", m, "mae", labeled.isEmpty() ? null : Arrays.stream(errors).map(Math::abs).average().orElseThrow());
        assertClose(at + " rmse", m, "rmse", labeled.isEmpty() ? null
                : Math.sqrt(Arrays.stream(errors).map(e -> e * e).average().orElseThrow()));
        assertClose(at + " mean error", m, "meanError", labeled.isEmpty() ? null : mean(errors));
        double[] percentErrors = labeled.stream().filter(c -> c.actual.actualValue != 0)
                .mapToDouble(c -> Math.abs((c.prediction.predictedValue - c.actual.actualValue) / c.actual.actualValue)).toArray();
        assertClose(at + " mape", m, "mape", percentErrors.length == 0 ? null : mean(percentErrors));
        if (labeled.size() > 1) {
            double actualMean = mean(actuals);
            double total = Arrays.stream(actuals).map(a -> (a - actualMean) * (a - actualMean)).sum();
            double residual = Arrays.stream(errors).map(e -> e * e).sum();
            assertClose(at + " r2", m, "r2", 1 - residual / total);
        }
        assertThat(m.get("accuracy")).as(at).isNull();
    }

    private static double expectedScore(TraceEvent p) {
        if (p.predictedLabel == null) {
            return p.predictedValue;
        }
        return p.model.equals("churn") ? p.scoreValues[1] : probabilityOf(p, p.predictedLabel);
    }

    private static double probabilityOf(TraceEvent p, String label) {
        int index = Arrays.asList(p.scoreLabels).indexOf(label);
        return index < 0 ? 0 : p.scoreValues[index];
    }

    /** Mann-Whitney over all (positive, negative) pairs, scores rounded to their histogram bucket. */
    private static Double bucketedAuc(List<Case> labeled) {
        ToDoubleFunction<Case> score = c -> LogHistogram.representative(LogHistogram.key(c.prediction.scoreValues[1]));
        List<Case> positives = labeled.stream().filter(c -> c.actual.actualLabel.equals("yes")).toList();
        List<Case> negatives = labeled.stream().filter(c -> c.actual.actualLabel.equals("no")).toList();
        if (positives.isEmpty() || negatives.isEmpty()) {
            return null;
        }
        double wins = 0;
        for (Case p : positives) {
            for (Case n : negatives) {
                double sp = score.applyAsDouble(p);
                double sn = score.applyAsDouble(n);
                wins += sp > sn ? 1 : sp == sn ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }

    private static void assertQuantile(String what, Map<String, Object> m, String metric, double[] values, double q) {
        if (values.length == 0) {
            assertThat(m.get(metric)).as(what).isNull();
            return;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
        double tolerance = Math.max(Math.abs(exact) * LogHistogram.RELATIVE_ACCURACY * 1.0001, LogHistogram.MIN_MAGNITUDE);
        assertThat((Double) m.get(metric)).as(what).isCloseTo(exact, within(tolerance));
    }

    private static void assertClose(String what, Map<String, Object> m, String metric, Double expected) {
        if (expected == null) {
            assertThat(m.get(metric)).as(what).isNull();
        } else {
            assertThat((Double) m.get(metric)).as(what).isCloseTo(expected, within(EXACT * Math.max(1, Math.abs(expected))));
        }
    }

    private static Map<String, Long> count(List<Case> cases, Function<Case, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        cases.forEach(c -> counts.merge(key.apply(c), 1L, Long::sum));
        return counts;
    }

    private static Double mean(double[] values) {
        return values.length == 0 ? null : Arrays.stream(values).average().orElseThrow();
    }

    private static Double meanOrNull(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
