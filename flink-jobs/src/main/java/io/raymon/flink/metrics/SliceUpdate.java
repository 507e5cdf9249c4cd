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
    public Outcome outcome;

    public SliceUpdate() {}

    public String windowKey() {
        return project + '\n' + model + '\n' + modelVersion + '\n' + slice + '\n' + resolution + '\n' + windowStartMs;
    }
}
