package io.raymon.api.security;

import io.raymon.api.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Data of two projects in every table the API reads. Project {@code beta}'s rows carry marker strings
 * that must never appear in an answer to a key of {@code alpha}, whatever the request.
 */
final class TwoProjects {
    static final String A = "alpha";
    static final String B = "beta";
    /** Every string of beta's data that could leak: model, version, slice, trace, service, payload, label. */
    static final List<String> B_MARKERS = List.of("betamodel", "betaversion", "betaclient", "beta-trace",
            "betaservice", "betapayload", "betalabel", "betarule");
    static final long HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).getEpochSecond() - 3600;

    private TwoProjects() {}

    static void load(TestDatabase database) throws Exception {
        for (String table : List.of("slice_metrics_1m", "slice_metrics_1h", "slice_metrics_1d")) {
            database.execute("INSERT INTO " + table + " (project, model, model_version, slice, window_start, version,"
                    + " predictions, labeled, classified, correct, class_labels, class_counts) VALUES "
                    + metrics(A, "churn", "1", "__all__") + "," + metrics(A, "churn", "1", "client=acme") + ","
                    + metrics(A, "churn", "2", "__all__") + ","
                    + metrics(B, "betamodel", "betaversion", "__all__") + ","
                    + metrics(B, "betamodel", "betaversion", "client=betaclient") + ","
                    + metrics(B, "churn", "1", "client=betaclient"));
        }
        database.execute("INSERT INTO predictions (project, model, model_version, trace_id, event_time, event_time_ms,"
                + " tag_keys, tag_values, task, predicted_label, validation_fields, validation_problems, ingested_at) VALUES "
                + prediction(A, "churn", "1", "alpha-trace", "acme") + ","
                + prediction(B, "betamodel", "betaversion", "beta-trace", "betaclient") + ","
                + prediction(B, "churn", "1", "alpha-trace", "betaclient"));
        database.execute("INSERT INTO actuals (project, trace_id, event_time, event_time_ms, actual_label, ingested_at)"
                + " VALUES ('alpha','alpha-trace',toDateTime(" + (HOUR + 60) + ")," + (HOUR + 60) * 1000 + ",'yes',now()),"
                + "('beta','alpha-trace',toDateTime(" + (HOUR + 60) + ")," + (HOUR + 60) * 1000 + ",'betalabel',now()),"
                + "('beta','beta-trace',toDateTime(" + (HOUR + 60) + ")," + (HOUR + 60) * 1000 + ",'betalabel',now())");
        database.execute("INSERT INTO trace_steps (project, trace_id, ref, service, event_time, event_time_ms,"
                + " content_type, payload_encoding, payload, payload_bytes, ingested_at) VALUES"
                + " ('alpha','alpha-trace','r','gateway',toDateTime(" + HOUR + ")," + HOUR * 1000 + ",'text/plain','utf8','hi',2,now()),"
                + " ('beta','alpha-trace','r','betaservice',toDateTime(" + HOUR + ")," + HOUR * 1000
                + ",'text/plain','utf8','betapayload',11,now())");
        database.execute("INSERT INTO join_anomalies (project, kind, trace_id, event_time, event_time_ms, actual_label)"
                + " VALUES ('beta','duplicate_actual','alpha-trace',toDateTime(" + HOUR + ")," + HOUR * 1000 + ",'betalabel')");
        database.execute("INSERT INTO reference_profiles (project, model, model_version, profile, samples, uploaded_at)"
                + " VALUES ('beta','churn','1','{\"model\":\"churn\",\"betamodel\":1}',1,now()),"
                + " ('alpha','churn','1','{\"model\":\"churn\",\"modelVersion\":\"1\",\"features\":{}}',1,now())");
        database.execute("INSERT INTO alert_rules (project, rule_id, rule, deleted, updated_ms) VALUES ('beta','betarule',"
                + "'{\"id\":\"betarule\",\"model\":\"betamodel\",\"condition\":{\"type\":\"no_data\"}}',0,1)");
    }

    private static String metrics(String project, String model, String version, String slice) {
        return "('" + project + "','" + model + "','" + version + "','" + slice + "',toDateTime(" + HOUR + "),1,40,40,40,30,"
                + "['" + (project.equals(B) ? "betalabel" : "yes") + "'],[40])";
    }

    private static String prediction(String project, String model, String version, String trace, String client) {
        return "('" + project + "','" + model + "','" + version + "','" + trace + "',toDateTime(" + (HOUR + 1) + "),"
                + (HOUR + 1) * 1000 + ",['client'],['" + client + "'],'classification','"
                + (project.equals(B) ? "betalabel" : "yes") + "',[],[],now())";
    }
}
