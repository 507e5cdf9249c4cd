package io.raymon.flink.metrics;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a prediction waits for its actual, per model: a default and overrides, parsed from
 * {@code RAYMON_LABEL_HORIZONS} ({@code fraud=30d,ads=2h}; units m, h, d).
 */
public record LabelHorizons(Duration defaultHorizon, Map<String, Duration> perModel) implements Serializable {
    private static final Pattern ENTRY = Pattern.compile("\\s*([^=,\\s]+)\\s*=\\s*(\\d+)\\s*([mhd])\\s*");

    public LabelHorizons {
        if (defaultHorizon.isNegative() || defaultHorizon.isZero()) {
            throw new IllegalArgumentException("the label horizon must be positive: " + defaultHorizon);
        }
        perModel = Collections.unmodifiableMap(new LinkedHashMap<>(perModel));
    }

    public static LabelHorizons of(Duration defaultHorizon) {
        return new LabelHorizons(defaultHorizon, Map.of());
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code model=<number><m|h|d>}
     */
    public static LabelHorizons parse(Duration defaultHorizon, String overrides) {
        Map<String, Duration> perModel = new LinkedHashMap<>();
        if (overrides != null && !overrides.isBlank()) {
            for (String entry : overrides.split(",")) {
                Matcher m = ENTRY.matcher(entry);
                if (!m.matches() || Long.parseLong(m.group(2)) == 0) {
                    throw new IllegalArgumentException("RAYMON_LABEL_HORIZONS entry '" + entry.trim()
                            + "' is not model=<positive number><m|h|d>, e.g. fraud=30d");
                }
                long amount = Long.parseLong(m.group(2));
                perModel.put(m.group(1), switch (m.group(3)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
        }
        return new LabelHorizons(defaultHorizon, perModel);
    }

    public long forModelMs(String model) {
        return perModel.getOrDefault(model, defaultHorizon).toMillis();
    }

    /** What an actual waits for a prediction of any model, and what metric windows stay open for. */
    public long longestMs() {
        long longestOverride = perModel.values().stream().mapToLong(Duration::toMillis).max().orElse(0);
        return Math.max(defaultHorizon.toMillis(), longestOverride);
    }
}
