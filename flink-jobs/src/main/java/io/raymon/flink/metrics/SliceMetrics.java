package io.raymon.flink.metrics;

import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The metrics part of the topology: decide each prediction's slices (bounded per model), join
 * predictions with actuals per trace, sum outcomes per slice-window (locally, then per key) and emit
 * versioned rows; actuals the join could not use become {@code join_anomalies} rows.
 */
public final class SliceMetrics {
    /** How often the pre-aggregator sends its partial sums downstream (bounds the added latency). */
    static final long PRE_AGGREGATION_FLUSH_MS = 200;
    /** Slice-windows buffered by the pre-aggregator before it flushes early (bounds its memory). */
    static final int PRE_AGGREGATION_MAX_WINDOWS = 10_000;

    /**
     * @param labelHorizons how long a prediction waits for its actual, per model
     * @param emitIntervals how often a changing open window's row is written, per resolution
     * @param closeDelay how long after its end (by the watermark) a window closes; later contributions become deltas
     * @param lateFlush how long a closed window's delta collects contributions before it is written
     * @param dimensions tag combinations sliced on besides single tags
     * @param maxValuesPerDimension values per dimension and model with a slice of their own (top by traffic)
     * @param rankEvery predictions of a model between two rankings of its values
     * @param maxOpenTracesPerModel predictions of a model waiting for their actual beyond which the oldest are evicted
     * @param featureProfiles whether slice-windows keep feature profiles (drift needs them; off saves their cost)
     */
    public record Settings(LabelHorizons labelHorizons, SliceMetricsFunction.EmitIntervals emitIntervals, Duration closeDelay,
            SliceMetricsFunction.LateFlush lateFlush, SliceDimensions dimensions, int maxValuesPerDimension, int rankEvery,
            long maxOpenTracesPerModel, boolean featureProfiles) implements Serializable {}

    /**
     * The metric rows: those written as they change ({@code atLeastOnce}, newest version wins) and those
     * to write once their checkpoint completes ({@code afterCheckpoint}: sealed windows and late deltas).
     */
    public record Rows(DataStream<ClickHouseRow> atLeastOnce, DataStream<ClickHouseRow> afterCheckpoint) {}

    private SliceMetrics() {}

    /** @param events predictions and actuals with event-time timestamps and watermarks */
    public static Rows build(DataStream<TraceEvent> events, Settings settings) {
        if (!settings.featureProfiles()) {
            // Dropped before any shuffle: the features never cross the network.
            events = events.map(TraceEvent::withoutFeatures).uid("without-features").name("without-features");
        }
        DataStream<TraceEvent> slicedPredictions = events
                .filter(TraceEvent::isPrediction)
                .uid("predictions")
                .name("predictions")
                .keyBy(TraceEvent::modelKey)
                .process(new SliceGuardFunction(settings.dimensions(), settings.maxValuesPerDimension(), settings.rankEvery()))
                .uid("slice-guard-top-n")
                .name("slice-guard");
        DataStream<TraceEvent> actuals = events
                .filter(event -> !event.isPrediction())
                .uid("actuals")
                .name("actuals");
        SingleOutputStreamOperator<Outcome> outcomes = slicedPredictions.union(actuals)
                .keyBy(TraceEvent::traceKey)
                .transform("join-actuals", TypeInformation.of(Outcome.class),
                        new CappedJoinOperator(new JoinFunction(settings.labelHorizons(), settings.maxOpenTracesPerModel())))
                .uid("join-per-model-v2")
                .name("join-actuals");
        DataStream<ClickHouseRow> anomalies = outcomes.getSideOutput(JoinFunction.DUPLICATE_ACTUALS)
                .map(actual -> JoinAnomalyRows.row(actual, JoinAnomalyRows.DUPLICATE_ACTUAL))
                .uid("duplicate-actual-rows")
                .name("duplicate-actual-rows")
                .union(outcomes.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)
                        .map(actual -> JoinAnomalyRows.row(actual, JoinAnomalyRows.UNMATCHED_ACTUAL))
                        .uid("unmatched-actual-rows")
                        .name("unmatched-actual-rows"));
        SingleOutputStreamOperator<SliceMetricsRow> windows = outcomes
                .transform("slice-pre-aggregate", TypeInformation.of(SliceMetricsRow.class),
                        new SlicePreAggregator(PRE_AGGREGATION_FLUSH_MS, settings.emitIntervals(),
                                PRE_AGGREGATION_MAX_WINDOWS))
                .uid("slice-pre-aggregate")
                .keyBy(SliceMetricsRow::windowKey)
                .process(new SliceMetricsFunction(settings.emitIntervals(), settings.closeDelay(),
                        settings.lateFlush()))
                .uid("slice-metrics-v2")
                .name("slice-metrics");
        DataStream<ClickHouseRow> openRows = windows
                .map(SliceMetricsRow::toClickHouseRow)
                .uid("slice-metrics-rows")
                .name("slice-metrics-rows");
        DataStream<ClickHouseRow> closedRows = windows.getSideOutput(SliceMetricsFunction.COMMITTED)
                .map(SliceMetricsRow::toClickHouseRow)
                .uid("slice-metrics-committed-rows")
                .name("slice-metrics-committed-rows");
        return new Rows(openRows.union(anomalies), closedRows);
    }
}
