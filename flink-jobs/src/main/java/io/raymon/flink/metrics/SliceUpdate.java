package io.raymon.flink.metrics;

/** One outcome's contribution to one slice's one-minute window. */
public class SliceUpdate {
    public String project;
    public String model;
    public String modelVersion;
    /** {@code __all__} for the global slice, else {@code key=value}. */
    public String slice;
    public long windowStartMs;
    public Outcome outcome;

    public SliceUpdate() {}

    public String windowKey() {
        return project + '\n' + model + '\n' + modelVersion + '\n' + slice + '\n' + windowStartMs;
    }
}
