package io.raymon.events;

import java.util.Map;

/** Default Kafka topic names of the event contract. Deployments may override them in config. */
public final class EventTopics {
    public static final String PREDICTIONS = "raymon.predictions";
    public static final String ACTUALS = "raymon.actuals";
    public static final String STEPS = "raymon.steps";
    /** Records the pipeline could not decode or validate, with the reason in headers. */
    public static final String DEAD_LETTERS = "raymon.deadletter";
    /**
     * Reference profiles of model versions, the newest per key (project, model, version): published by the
     * API when a profile is uploaded or captured, read whole by the jobs at start and followed after.
     */
    public static final String PROFILES = "raymon.profiles";
    /**
     * Alert rules, the newest per key (project, rule id); a deleted rule's key ends with a tombstone.
     * Published by the API, read whole by the ingest job at start and followed after.
     */
    public static final String ALERT_RULES = "raymon.alert-rules";
    /**
     * The topics that hold current state (profiles, alert rules) keep the newest record per key for ever
     * (compacted, one partition), and take records up to the API's profile limit of 4 MiB plus the
     * record's envelope.
     */
    public static final Map<String, String> COMPACTED_TOPIC_CONFIG = Map.of(
            "cleanup.policy", "compact", "retention.ms", "-1", "max.message.bytes", Integer.toString(5 << 20));

    private EventTopics() {}

    /** Confluent's default TopicNameStrategy: the value schema of topic {@code t} is registered as {@code t-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
