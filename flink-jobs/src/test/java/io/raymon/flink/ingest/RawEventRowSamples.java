package io.raymon.flink.ingest;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.util.List;

/** Exposes the package-private raw row mapping to the SQL sample writer. */
public final class RawEventRowSamples {
    private RawEventRowSamples() {}

    public static List<ClickHouseRow> rows(Prediction prediction, Actual actual, TraceStep step) {
        long now = 1_795_687_205_000L;
        return List.of(RawEventRows.prediction(prediction, now), RawEventRows.actual(actual, now),
                RawEventRows.step(step, now));
    }
}
