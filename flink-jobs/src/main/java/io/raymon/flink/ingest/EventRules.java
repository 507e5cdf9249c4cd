package io.raymon.flink.ingest;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The rules a decoded event must follow beyond its schema. */
final class EventRules {
    private EventRules() {}

    /**
     * How far event times may stray from the time the job sees them. Beyond that they are almost
     * certainly wrong (a clock off by years, seconds sent as milliseconds) and would land in windows
     * and partitions nobody looks at.
     */
    record TimeTolerance(Duration future, Duration past) implements java.io.Serializable {
        static final TimeTolerance DEFAULTS = new TimeTolerance(Duration.ofHours(1), Duration.ofDays(30));
    }

    static void checkTime(Instant eventTime, long nowMillis, TimeTolerance tolerance) throws InvalidEventException {
        long t = eventTime.toEpochMilli();
        if (t > nowMillis + tolerance.future().toMillis()) {
            throw new InvalidEventException("event time " + eventTime + " is more than " + tolerance.future()
                    + " in the future");
        }
        if (t < nowMillis - tolerance.past().toMillis()) {
            throw new InvalidEventException("event time " + eventTime + " is more than " + tolerance.past()
                    + " in the past");
        }
    }

    static void check(Prediction p) throws InvalidEventException {
        require(p.getProject(), "prediction without a project");
        require(p.getTraceId(), "prediction without a trace id");
        require(p.getModel(), "prediction without a model");
        require(p.getModelVersion(), "prediction without a model version");
        // Metrics sum these numbers: one NaN or infinity would poison every window it lands in.
        if (p.getOutput() instanceof RegressionPrediction r && !Double.isFinite(r.getValue())) {
            throw new InvalidEventException("prediction for trace " + p.getTraceId() + " has a non-finite value " + r.getValue());
        }
        if (p.getOutput() instanceof ClassPrediction c) {
            for (Map.Entry<String, Double> score : c.getScores().entrySet()) {
                if (!Double.isFinite(score.getValue())) {
                    throw new InvalidEventException("prediction for trace " + p.getTraceId() + " has a non-finite score "
                            + score.getValue() + " for class '" + score.getKey() + "'");
                }
            }
        }
        Double latency = p.getLatencyMs();
        if (latency != null && !(Double.isFinite(latency) && latency >= 0)) {
            throw new InvalidEventException("prediction for trace " + p.getTraceId() + " has latencyMs " + latency
                    + "; it must be a finite number of milliseconds, at least 0");
        }
    }

    static void check(Actual a) throws InvalidEventException {
        require(a.getProject(), "actual without a project");
        require(a.getTraceId(), "actual without a trace id");
        if ((a.getLabel() == null) == (a.getValue() == null)) {
            throw new InvalidEventException("actual for trace " + a.getTraceId()
                    + " must have exactly one of label and value");
        }
        if (a.getValue() != null && !Double.isFinite(a.getValue())) {
            throw new InvalidEventException("actual for trace " + a.getTraceId() + " has a non-finite value " + a.getValue());
        }
    }

    static void check(TraceStep s) throws InvalidEventException {
        require(s.getProject(), "trace step without a project");
        require(s.getTraceId(), "trace step without a trace id");
        require(s.getRef(), "trace step without a ref name");
    }

    private static void require(String value, String problem) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(problem);
        }
    }
}
