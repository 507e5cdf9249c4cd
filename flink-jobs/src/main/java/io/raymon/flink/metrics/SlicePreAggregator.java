package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Fans each outcome out to its slice-windows (global slice and the prediction's slices, at each
 * {@link Resolution}, in the prediction's windows) and sums them locally before the shuffle: one
 * outcome touches 3 x (1 + slices) windows, but a burst of outcomes touches few distinct ones, so
 * sending partial sums instead of single contributions cuts the records crossing the network by
 * orders of magnitude under load.
 *
 * <p>Metric partials are flushed every {@code flushIntervalMs}, when {@code maxWindows} are buffered,
 * before every watermark (so none is older than the watermark downstream) and before every checkpoint
 * barrier. Feature profiles are held longer, in partials of their own ({@link PendingFeatures}).
 * Flushing everything before the barrier is what keeps this operator stateless and exactly-once: a
 * checkpoint never holds a half-sent buffer.
 */
public class SlicePreAggregator extends AbstractStreamOperator<SliceMetricsRow>
        implements OneInputStreamOperator<Outcome, SliceMetricsRow> {
    private final long flushIntervalMs;
    private final SliceMetricsFunction.EmitIntervals featureHold;
    private final int maxWindows;
    private transient Map<SliceWindow, SliceMetricsRow> buffer;
    private transient PendingFeatures features;

    /**
     * @param featureHold how long a minute's (and an hour's or day's) profiles are held: the open
     *     window's row is written no more often, so holding them as long costs no freshness
     */
    public SlicePreAggregator(long flushIntervalMs, SliceMetricsFunction.EmitIntervals featureHold, int maxWindows) {
        this.flushIntervalMs = flushIntervalMs;
        this.featureHold = featureHold;
        this.maxWindows = maxWindows;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new HashMap<>();
        features = new PendingFeatures(featureHold.minutes().toMillis(), featureHold.hours().toMillis());
        scheduleFlush();
    }

    private void scheduleFlush() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + flushIntervalMs, time -> {
            flushMetrics();
            features.flushDue(getProcessingTimeService().getCurrentProcessingTime(), this::send);
            scheduleFlush();
        });
    }

    @Override
    public void processElement(StreamRecord<Outcome> element) {
        Outcome outcome = element.getValue();
        TraceEvent p = outcome.prediction;
        Contribution contribution = Contribution.of(outcome);
        long now = getProcessingTimeService().getCurrentProcessingTime();
        add(p, MetricColumns.GLOBAL_SLICE, contribution, now);
        for (String slice : p.slices) {
            add(p, slice, contribution, now);
        }
        if (buffer.size() + features.windows() >= maxWindows) {
            flushMetrics();
            features.flushAll(this::send);
        }
    }

    private void add(TraceEvent p, String slice, Contribution contribution, long now) {
        for (Resolution resolution : Resolution.values()) {
            SliceWindow window = SliceWindow.of(p, slice, resolution);
            buffer.computeIfAbsent(window, w -> SliceMetricsRow.of(w, new SliceAggregate())).sums.addMetrics(contribution);
        }
        features.add(p, slice, contribution, now);
    }

    private void flushMetrics() {
        buffer.values().forEach(this::send);
        buffer.clear();
    }

    private void send(SliceMetricsRow partial) {
        output.collect(new StreamRecord<>(partial));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flushMetrics();
        features.flushEnded(mark.getTimestamp(), this::send);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushMetrics();
        features.flushAll(this::send);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flushMetrics();
        features.flushAll(this::send);
        super.finish();
    }
}
