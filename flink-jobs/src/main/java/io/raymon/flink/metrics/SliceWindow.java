package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import java.util.Objects;

/**
 * One slice's window at one resolution: the identity of a metrics row. Equal windows are equal
 * objects, so the pre-aggregator buffers by window without building {@link #key()} strings.
 */
public class SliceWindow {
    public String project;
    public String model;
    public String modelVersion;
    /** {@link MetricColumns#GLOBAL_SLICE} for the global slice, {@code key=value}, or a combination {@code k1=v1&k2=v2}. */
    public String slice;
    /** Window length: one of {@link Resolution}'s labels ({@code 1m}, {@code 1h}, {@code 1d}). */
    public String resolution;
    public long windowStartMs;

    public SliceWindow() {}

    static SliceWindow of(TraceEvent prediction, String slice, Resolution resolution) {
        SliceWindow w = new SliceWindow();
        w.project = prediction.project;
        w.model = prediction.model;
        w.modelVersion = prediction.modelVersion;
        w.slice = slice;
        w.resolution = resolution.label();
        w.windowStartMs = resolution.windowStart(prediction.eventTimeMs);
        return w;
    }

    /** The same slice's window at a coarser resolution, holding this one. */
    SliceWindow at(Resolution coarser) {
        SliceWindow w = new SliceWindow();
        w.project = project;
        w.model = model;
        w.modelVersion = modelVersion;
        w.slice = slice;
        w.resolution = coarser.label();
        w.windowStartMs = coarser.windowStart(windowStartMs);
        return w;
    }

    public String key() {
        return project + '\n' + model + '\n' + modelVersion + '\n' + slice + '\n' + resolution + '\n' + windowStartMs;
    }

    public long windowEndMs() {
        return windowStartMs + Resolution.ofLabel(resolution).millis();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SliceWindow w && windowStartMs == w.windowStartMs && project.equals(w.project)
                && model.equals(w.model) && modelVersion.equals(w.modelVersion) && slice.equals(w.slice)
                && resolution.equals(w.resolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(project, model, modelVersion, slice, resolution, windowStartMs);
    }
}
