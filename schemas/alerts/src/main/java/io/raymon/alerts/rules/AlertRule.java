package io.raymon.alerts.rules;

import io.raymon.alerts.AlertTransition.Severity;
import io.raymon.clickhouse.metrics.Resolution;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An alert rule: which model (and version) and which slices it watches, the condition that breaches,
 * and the noise controls between a breach and a notification. Parsed and validated by
 * {@link AlertRules}; the format, with examples, is in docs/alerting.md.
 *
 * @param modelVersion null for every version of the model (each version is alerted on apart)
 * @param window the windows evaluated: minutes or hours
 * @param minSamples below this many samples in a window the state is "insufficient data", never firing
 * @param pendingWindows breaching windows, among the last {@code ofWindows}, before the alert fires
 * @param recovery the value the metric must get back to before the alert resolves (hysteresis); null
 *     for the condition's own threshold
 * @param keepFiring how long the condition must stay clear before the alert resolves
 * @param repeat how often a still-firing alert is notified again; zero for never
 * @param endpoints ids of the project's webhook endpoints to notify
 */
public record AlertRule(String id, String name, boolean enabled, Severity severity, String model, String modelVersion,
        SliceScope slices, Condition condition, Resolution window, long minSamples, int pendingWindows, int ofWindows,
        Double recovery, Duration keepFiring, Duration repeat, List<String> endpoints) {

    public AlertRule {
        endpoints = List.copyOf(endpoints);
    }

    /** Which slices a rule evaluates. */
    public sealed interface SliceScope {
        /** One slice, e.g. {@code __all__} or {@code client=acme}. */
        record One(String slice) implements SliceScope {}

        /** Every slice of a tag (each value apart), e.g. every {@code client=*}. */
        record Dimension(String tag) implements SliceScope {}

        /** Every slice whose tags include these values, e.g. {@code country=FR} in any combination. */
        record Filter(Map<String, String> tags) implements SliceScope {
            public Filter {
                tags = Map.copyOf(tags);
            }
        }
    }

    /** When a window breaches. */
    public sealed interface Condition {
        /** The metric the condition reads; data-quality and traffic conditions name theirs. */
        String metric();

        /** The metric below, above or outside fixed values; with {@code byInterval}, only when its 95% interval is. */
        record Threshold(String metric, Operator operator, double value, Double upper, boolean byInterval)
                implements Condition {}

        /** The metric moved against its own baseline by at least {@code absolute} or {@code relative} (one of them). */
        record Change(String metric, Baseline baseline, Direction direction, Double absolute, Double relative)
                implements Condition {}

        /** A slice worse than the rest of the traffic by {@code margin}, at the given significance (q-value). */
        record WorseThanRest(String metric, double margin, double significance) implements Condition {}

        /** A drift verdict on any of {@code features} (empty: every feature and the output). */
        record Drift(List<String> features, String baseline) implements Condition {
            public Drift {
                features = List.copyOf(features);
            }

            @Override
            public String metric() {
                return "drift";
            }
        }

        /** The share of predictions with a validation problem above {@code above}. */
        record InvalidRate(double above) implements Condition {
            @Override
            public String metric() {
                return "invalidRate";
            }
        }

        /** No prediction at all for {@code after}, from a model version that sent before. */
        record NoData(Duration after) implements Condition {
            @Override
            public String metric() {
                return "predictions";
            }
        }

        /** Traffic down by at least {@code relative} (a share) against its baseline. */
        record TrafficDrop(double relative, Baseline baseline) implements Condition {
            @Override
            public String metric() {
                return "predictions";
            }
        }
    }

    public enum Operator { BELOW, ABOVE, OUTSIDE }

    /** What a change is measured against: the previous 24 hours, or the same hour a day earlier (daily cycles). */
    public enum Baseline { TRAILING, YESTERDAY }

    public enum Direction { DOWN, UP, EITHER }
}
