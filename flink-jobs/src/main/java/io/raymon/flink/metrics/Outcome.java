package io.raymon.flink.metrics;

/**
 * The join's output: a prediction as soon as it arrives ({@code labeled == false}), and the same
 * prediction again with its actual once that is known ({@code labeled == true}). Metrics count the
 * first for traffic and the second for performance, both in the prediction's window. A prediction that
 * stopped waiting for its actual because its model had too many open traces comes once more, as
 * {@code evicted}: counted as such in its windows, so label coverage can tell "evicted" from "not yet".
 */
public class Outcome {
    public TraceEvent prediction;
    public boolean labeled;
    public boolean evicted;
    public String actualLabel;
    public double actualValue = Double.NaN;
    /** Actual's event time minus the prediction's, in ms (labeled only). */
    public long labelDelayMs;

    public Outcome() {}

    static Outcome unlabeled(TraceEvent prediction) {
        Outcome o = new Outcome();
        o.prediction = prediction;
        return o;
    }

    static Outcome evicted(TraceEvent prediction) {
        Outcome o = new Outcome();
        o.prediction = prediction;
        o.evicted = true;
        return o;
    }

    static Outcome labeled(TraceEvent prediction, TraceEvent actual) {
        Outcome o = new Outcome();
        o.prediction = prediction;
        o.labeled = true;
        o.actualLabel = actual.actualLabel;
        o.actualValue = actual.actualValue;
        o.labelDelayMs = actual.eventTimeMs - prediction.eventTimeMs;
        return o;
    }
}
