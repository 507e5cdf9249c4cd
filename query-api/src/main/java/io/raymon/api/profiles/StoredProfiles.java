package io.raymon.api.profiles;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.raymon.sdk.profile.ReferenceProfile;
import io.vertx.core.Future;
import java.util.Optional;

/** The newest stored reference profile of a model version (the table the API writes after publishing it). */
public final class StoredProfiles {
    private StoredProfiles() {}

    static Select newest(String project, String model, String version) {
        return Select.from(Table.REFERENCE_PROFILES, project).finalRows().columns("profile")
                .where(Column.MODEL, model).where(Column.MODEL_VERSION, version).limit(1);
    }

    /** The profile, empty when the version has none (or its stored JSON cannot be read). */
    public static Future<Optional<ReferenceProfile>> newestProfile(ClickHouseStore store, String project, String model,
            String version) {
        return store.rows(newest(project, model, version)).map(rows -> {
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(ReferenceProfile.fromJson(rows.get(0).getString("profile")));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
