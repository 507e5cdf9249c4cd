package io.raymon.flink.metrics;

import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The metrics part of the topology: join predictions with actuals per trace, fan out to slices, keep
 * each slice-window's sums and emit them as versioned rows; actuals the join could not use become
 * {@code join_anomalies} rows.
 */
public final class SliceMetrics {
    /**
     * @param labelHorizon how long a prediction waits for its actual (and an actual for its prediction)
     * @param emitInterval how often a changing window's row is written
     * @param maxValuesPerTag distinct values per tag dimension and model with a slice of their own
     */
    public record Settings(Duration labelHorizon, Duration emitInterval, int maxValuesPerTag) implements Serializable {}

    private SliceMetrics() {}

    public static DataStream<ClickHouseRow> build(DataStream<TraceEvent> events, Settings settings) {
        SingleOutputStreamOperator<Outcome> outcomes = events
                .keyBy(TraceEvent::traceKey)
                .process(new JoinFunction(settings.labelHorizon()))
                .uid("join-actuals")
                .name("join-actuals");
        DataStream<ClickHouseRow> anomalies = outcomes.getSideOutput(JoinFunction.DUPLICATE_ACTUALS)
                .map(actual -> JoinAnomalyRows.row(actual, JoinAnomalyRows.DUPLICATE_ACTUAL))
                .uid("duplicate-actual-rows")
                .name("duplicate-actual-rows")
                .union(outcomes.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)
                        .map(actual -> JoinAnomalyRows.row(actual, JoinAnomalyRows.UNMATCHED_ACTUAL))
                        .uid("unmatched-actual-rows")
                        .name("unmatched-actual-rows"));
        DataStream<ClickHouseRow> metrics = outcomes
                .keyBy(SliceGuardFunction::modelKey)
                .process(new SliceGuardFunction(settings.maxValuesPerTag()))
                .uid("slice-guard")
                .name("slice-guard")
                .flatMap(new SliceFanOut())
                .uid("slice-fan-out")
                .name("slice-fan-out")
                .keyBy(SliceUpdate::windowKey)
                .process(new SliceMetricsFunction(settings.emitInterval(), settings.labelHorizon()))
                .uid("slice-metrics")
                .name("slice-metrics")
                .map(SliceMetricsRow::toClickHouseRow)
                .uid("slice-metrics-rows")
                .name("slice-metrics-rows");
        return metrics.union(anomalies);
    }
}
