package io.raymon.api.profiles;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.raymon.api.traffic.TimeRange;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference profile captured from production: the stored predictions of a model version over a time
 * range, run through the SDK's {@link ReferenceProfileBuilder}, so a captured profile means what an
 * uploaded one does. Above {@value #MAX_ROWS} predictions it reads a uniform sample of them (by trace id
 * hash), so ranges, means and missing rates are those of the sample.
 */
final class ProfileCapture {
    static final long MAX_ROWS = 200_000;

    private final ClickHouseStore store;

    ProfileCapture(ClickHouseStore store) {
        this.store = store;
    }

    /** What to capture: {@code sourceVersion}'s predictions of {@code model} in {@code range}, as a profile of {@code version}. */
    record Request(String project, String model, String version, String sourceVersion, TimeRange range) {}

    Future<ReferenceProfile> capture(Request request) {
        Select count = predictions(request).columns("count() AS n").limit(1);
        return store.rows(count).compose(rows -> {
            long n = rows.isEmpty() ? 0 : ClickHouseStore.longValue(rows.get(0), "n");
            if (n == 0) {
                throw new ApiException(422, "no_data", "model " + request.model() + " version " + request.sourceVersion()
                        + " has no stored predictions from " + request.range().from() + " to " + request.range().to());
            }
            Select sample = predictions(request).columns("feature_names", "feature_numbers", "feature_strings",
                    "feature_missing", "task", "predicted_label", "predicted_value");
            long every = (n + MAX_ROWS - 1) / MAX_ROWS;
            if (every > 1) {
                sample.whereConstant("cityHash64(trace_id) % " + every + " = 0");
            }
            ReferenceProfileBuilder builder = ReferenceProfile.builder(request.model(), request.version());
            return store.forEachRow(sample.limit((int) Math.min(Select.MAX_LIMIT, 2 * MAX_ROWS)),
                    row -> builder.add(features(row), output(row))).map(v -> builder.build());
        });
    }

    private static Select predictions(Request request) {
        return Select.from(Table.PREDICTIONS, request.project()).finalRows()
                .where(Column.MODEL, request.model())
                .where(Column.MODEL_VERSION, request.sourceVersion())
                .whereTimeWithin(Column.EVENT_TIME, request.range().from(), request.range().to());
    }

    /**
     * The feature values as the producer sent them, from the raw row's parallel arrays: a category in
     * feature_strings, a number in feature_numbers, null (or NaN, kept as its spelling) when missing.
     */
    private static Map<String, Object> features(JsonObject row) {
        JsonArray names = row.getJsonArray("feature_names");
        JsonArray numbers = row.getJsonArray("feature_numbers");
        JsonArray strings = row.getJsonArray("feature_strings");
        JsonArray missing = row.getJsonArray("feature_missing");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String text = strings.getString(i);
            Object value;
            if (missing.getInteger(i) != 0) {
                value = text.isEmpty() ? null : Double.NaN;
            } else {
                value = text.isEmpty() ? (Object) numbers.getDouble(i) : text;
            }
            values.put(names.getString(i), value);
        }
        return values;
    }

    private static Object output(JsonObject row) {
        if ("classification".equals(row.getString("task"))) {
            return row.getString("predicted_label");
        }
        Object value = row.getValue("predicted_value");
        return value == null ? null : Double.parseDouble(String.valueOf(value));
    }
}
