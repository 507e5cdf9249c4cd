package io.raymon.flink.metrics;

/** One outcome's contribution to one slice's window of one resolution. */
public class SliceUpdate {
    public String project;
    public String model;
    public String modelVersion;
    /** {@code __all__} for the global slice, else {@code key=value}. */
    public String slice;
    public long windowStartMs;
    /** Window length: one of {@link Resolution}'s names ({@code 1m}, {@code 1h}, {@code 1d}). */
    public String resolution;
    // What the outcome contributes, as primitives: updates cross the network once per slice and
    // resolution (12 times per outcome with 3 tags), so they carry no strings beyond the key.
    public boolean labeled;
    public boolean hasLatency;
    public double latencyMs;
    public double predictedValue = Double.NaN;
    public long labelDelayMs;
    /** Classification label pair: 1 if predicted == actual, 0 if not, -1 if not a classification. */
    public int correct = -1;
    public double actualValue = Double.NaN;

    public SliceUpdate() {}

    public String windowKey() {
        return project + '\n' + model + '\n' + modelVersion + '\n' + slice + '\n' + resolution + '\n' + windowStartMs;
    }
}
