package io.raymon.api.traffic;

/** Exposes the package-private traffic query to the SQL sample writer. */
public final class TrafficSqlSamples {
    private TrafficSqlSamples() {}

    public static String countsPerModelPerMinute(String project, TimeRange range) {
        return TrafficQuery.countsPerModelPerMinute(project, range);
    }
}
