package io.raymon.events;

/** Default Kafka topic names of the event contract. Deployments may override them in config. */
public final class EventTopics {
    public static final String PREDICTIONS = "raymon.predictions";
    public static final String ACTUALS = "raymon.actuals";
    public static final String STEPS = "raymon.steps";
    /** Records the pipeline could not decode or validate, with the reason in headers. */
    public static final String DEAD_LETTERS = "raymon.deadletter";

    private EventTopics() {}

    /** Confluent's default TopicNameStrategy: the value schema of topic {@code t} is registered as {@code t-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
