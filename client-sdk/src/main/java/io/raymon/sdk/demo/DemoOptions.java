package io.raymon.sdk.demo;

import java.time.Duration;
import java.util.Map;

/** Command-line options of {@code ./raymon demo}. */
record DemoOptions(String project, int ratePerSecond, Duration duration, int actualDelayMinSeconds,
        int actualDelayMaxSeconds, long seed, Duration incidentAfter, String kafkaBootstrap, String registryUrl,
        String apiUrl, String ingestKey) {

    static final String USAGE = """
            Usage: ./raymon demo [options]
              --project NAME         project to send to (default: demo)
              --rate N               predictions per second (default: 50)
              --duration SECONDS     stop after this long; 0 runs until Ctrl-C (default: 0)
              --actual-delay MIN-MAX seconds between a prediction and its actual (default: 5-60)
              --seed N               random seed, for repeatable traffic (default: 42)
              --incident-after SECONDS  client umbrella's inputs go bad after this long; -1: never (default: 180)
            Kafka and the registry come from RAYMON_KAFKA_BOOTSTRAP (127.0.0.1:9092) and
            RAYMON_SCHEMA_REGISTRY_URL (http://127.0.0.1:8081/apis/ccompat/v7). With an ingest key of the
            project in RAYMON_DEMO_INGEST_KEY, the demo first uploads its models' reference profiles to the
            API at RAYMON_API_URL (http://127.0.0.1:8080), so Raymon validates the traffic against them.""";

    static DemoOptions parse(String[] args, Map<String, String> env) {
        String project = "demo";
        int rate = 50;
        long durationSeconds = 0;
        int delayMin = 5;
        int delayMax = 60;
        long seed = 42;
        long incidentAfterSeconds = 180;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--project" -> project = value;
                case "--rate" -> rate = positive(option, value);
                case "--duration" -> durationSeconds = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--incident-after" -> incidentAfterSeconds = Long.parseLong(value);
                case "--actual-delay" -> {
                    String[] bounds = value.split("-");
                    if (bounds.length != 2) {
                        throw new IllegalArgumentException("--actual-delay takes MIN-MAX seconds, e.g. 5-60");
                    }
                    delayMin = Integer.parseInt(bounds[0]);
                    delayMax = Integer.parseInt(bounds[1]);
                    if (delayMin < 0 || delayMax < delayMin) {
                        throw new IllegalArgumentException("--actual-delay needs 0 <= MIN <= MAX, was " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new DemoOptions(project, rate, Duration.ofSeconds(durationSeconds), delayMin, delayMax, seed,
                incidentAfterSeconds < 0 ? null : Duration.ofSeconds(incidentAfterSeconds),
                env.getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env.getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"),
                env.getOrDefault("RAYMON_API_URL", "http://127.0.0.1:8080"), env.get("RAYMON_DEMO_INGEST_KEY"));
    }

    private static int positive(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
        return parsed;
    }

    static final class HelpRequested extends RuntimeException {}
}
