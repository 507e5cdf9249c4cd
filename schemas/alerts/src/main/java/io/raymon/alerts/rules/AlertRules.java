package io.raymon.alerts.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raymon.alerts.AlertTransition.Severity;
import io.raymon.alerts.rules.AlertRule.Baseline;
import io.raymon.alerts.rules.AlertRule.Condition;
import io.raymon.alerts.rules.AlertRule.Direction;
import io.raymon.alerts.rules.AlertRule.Operator;
import io.raymon.alerts.rules.AlertRule.SliceScope;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.MetricSums;
import io.raymon.clickhouse.metrics.Resolution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an {@link AlertRule} from its JSON document, strictly: an unknown field (a typo such as
 * {@code "treshold"}) is an error rather than a silently ignored setting, and every error names the
 * field, so the API can answer 400 with it. Defaults are those of docs/alerting.md.
 */
public final class AlertRules {
    public static final long DEFAULT_MIN_SAMPLES = 30;
    public static final int DEFAULT_PENDING_WINDOWS = 3;
    public static final Duration DEFAULT_KEEP_FIRING = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT = Duration.ofHours(4);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> METRICS = new MetricSums().metrics().keySet();
    private static final Set<String> RULE_FIELDS = Set.of("id", "name", "enabled", "severity", "model", "version", "slices",
            "condition", "window", "minSamples", "pendingWindows", "ofWindows", "recovery", "keepFiringMinutes",
            "repeatMinutes", "notify");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertRules() {}

    /** What is wrong with a rule, and where. */
    public static final class InvalidRuleException extends IllegalArgumentException {
        private final String field;

        InvalidRuleException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        /** The field at fault, e.g. {@code condition.value}. */
        public String field() {
            return field;
        }
    }

    public static AlertRule parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRuleException("$", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRuleException("$", "a rule is a JSON object");
        }
        return parse((ObjectNode) root);
    }

    static AlertRule parse(ObjectNode rule) {
        onlyFields(rule, "", RULE_FIELDS);
        String id = text(rule, "id", true);
        if (!ID.matcher(id).matches()) {
            throw new InvalidRuleException("id", "1 to 64 characters of a-z, 0-9, _ and -, starting with a letter or digit");
        }
        Condition condition = condition(object(rule, "condition", true), "condition");
        Resolution window = window(rule);
        int pending = integer(rule, "pendingWindows", DEFAULT_PENDING_WINDOWS, 1, 60);
        int of = integer(rule, "ofWindows", pending, 1, 60);
        if (of < pending) {
            throw new InvalidRuleException("ofWindows", "must be at least pendingWindows (" + pending + ")");
        }
        Double recovery = optionalNumber(rule, "recovery");
        checkRecovery(condition, recovery);
        String name = text(rule, "name", false);
        return new AlertRule(id, name == null ? id : name,
                bool(rule, "enabled", true), severity(rule), text(rule, "model", true), text(rule, "version", false),
                slices(rule.get("slices")), condition, window, integer(rule, "minSamples", (int) DEFAULT_MIN_SAMPLES, 1,
                        1_000_000_000), pending, of, recovery,
                minutes(rule, "keepFiringMinutes", DEFAULT_KEEP_FIRING), minutes(rule, "repeatMinutes", DEFAULT_REPEAT),
                notify(rule.get("notify")));
    }

    private static Condition condition(ObjectNode c, String at) {
        String type = text(c, "type", true, at);
        return switch (type) {
            case "threshold" -> {
                onlyFields(c, at, Set.of("type", "metric", "operator", "value", "upper", "byInterval"));
                Operator operator = choice(c, "operator", Operator.class, at);
                double value = number(c, "value", at);
                Double upper = optionalNumber(c, "upper", at);
                if (operator == Operator.OUTSIDE && (upper == null || upper <= value)) {
                    throw new InvalidRuleException(at + ".upper", "\"outside\" needs an upper bound above value");
                }
                if (operator != Operator.OUTSIDE && upper != null) {
                    throw new InvalidRuleException(at + ".upper", "only \"outside\" takes an upper bound");
                }
                yield new Condition.Threshold(metric(c, at), operator, value, upper, bool(c, "byInterval", false, at));
            }
            case "change" -> {
                onlyFields(c, at, Set.of("type", "metric", "baseline", "direction", "absolute", "relative"));
                Double absolute = optionalNumber(c, "absolute", at);
                Double relative = optionalNumber(c, "relative", at);
                if ((absolute == null) == (relative == null)) {
                    throw new InvalidRuleException(at + ".absolute", "give either absolute or relative, not both or none");
                }
                positive(absolute, at + ".absolute");
                positive(relative, at + ".relative");
                yield new Condition.Change(metric(c, at), choice(c, "baseline", Baseline.class, at),
                        c.has("direction") ? choice(c, "direction", Direction.class, at) : Direction.EITHER, absolute, relative);
            }
            case "worse_than_rest" -> {
                onlyFields(c, at, Set.of("type", "metric", "margin", "significance"));
                double margin = c.has("margin") ? number(c, "margin", at) : 0;
                double significance = c.has("significance") ? number(c, "significance", at) : 0.05;
                if (margin < 0) {
                    throw new InvalidRuleException(at + ".margin", "must be 0 or more");
                }
                if (significance <= 0 || significance > 0.5) {
                    throw new InvalidRuleException(at + ".significance", "must be in (0, 0.5]");
                }
                yield new Condition.WorseThanRest(metric(c, at), margin, significance);
            }
            case "drift" -> {
                onlyFields(c, at, Set.of("type", "features", "baseline"));
                List<String> features = new ArrayList<>();
                JsonNode list = c.get("features");
                if (list != null && !list.isArray()) {
                    throw new InvalidRuleException(at + ".features", "a list of feature names (none: every feature)");
                }
                if (list != null) {
                    list.forEach(f -> features.add(f.asText()));
                }
                String baseline = c.has("baseline") ? text(c, "baseline", true, at) : "auto";
                if (!Set.of("auto", "reference", "trailing", "seasonal").contains(baseline)) {
                    throw new InvalidRuleException(at + ".baseline", "one of auto, reference, trailing, seasonal");
                }
                yield new Condition.Drift(features, baseline);
            }
            case "invalid_rate" -> {
                onlyFields(c, at, Set.of("type", "above"));
                double above = number(c, "above", at);
                if (above <= 0 || above >= 1) {
                    throw new InvalidRuleException(at + ".above", "a share in (0, 1)");
                }
                yield new Condition.InvalidRate(above);
            }
            case "no_data" -> {
                onlyFields(c, at, Set.of("type", "minutes"));
                yield new Condition.NoData(Duration.ofMinutes(integer(c, "minutes", 10, 1, 7 * 24 * 60, at)));
            }
            case "traffic_drop" -> {
                onlyFields(c, at, Set.of("type", "relative", "baseline"));
                double relative = number(c, "relative", at);
                if (relative <= 0 || relative >= 1) {
                    throw new InvalidRuleException(at + ".relative", "a share in (0, 1), e.g. 0.5 for half the traffic");
                }
                yield new Condition.TrafficDrop(relative, choice(c, "baseline", Baseline.class, at));
            }
            default -> throw new InvalidRuleException(at + ".type", "one of threshold, change, worse_than_rest, drift,"
                    + " invalid_rate, no_data, traffic_drop; was '" + type + "'");
        };
    }

    /** A recovery value must lie on the healthy side of the threshold, or the alert could never resolve. */
    private static void checkRecovery(Condition condition, Double recovery) {
        if (recovery == null) {
            return;
        }
        if (!(condition instanceof Condition.Threshold t) || t.operator() == Operator.OUTSIDE) {
            throw new InvalidRuleException("recovery", "only a below or above threshold takes a recovery value");
        }
        if (t.operator() == Operator.BELOW ? recovery < t.value() : recovery > t.value()) {
            throw new InvalidRuleException("recovery", "must be on the healthy side of the threshold ("
                    + (t.operator() == Operator.BELOW ? "at least " : "at most ") + t.value() + ")");
        }
    }

    private static SliceScope slices(JsonNode node) {
        if (node == null || node.isNull()) {
            return new SliceScope.One(MetricColumns.GLOBAL_SLICE);
        }
        if (!node.isObject() || node.size() != 1) {
            throw new InvalidRuleException("slices", "one of {\"slice\": \"client=acme\"}, {\"dimension\": \"client\"}"
                    + " or {\"filter\": {\"country\": \"FR\"}}");
        }
        ObjectNode scope = (ObjectNode) node;
        if (scope.has("slice")) {
            return new SliceScope.One(text(scope, "slice", true, "slices"));
        }
        if (scope.has("dimension")) {
            return new SliceScope.Dimension(text(scope, "dimension", true, "slices"));
        }
        if (scope.get("filter") instanceof ObjectNode filter && filter.size() > 0) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                if (!tag.getValue().isTextual() || tag.getValue().asText().isEmpty()) {
                    throw new InvalidRuleException("slices.filter." + tag.getKey(), "a tag value (text)");
                }
                tags.put(tag.getKey(), tag.getValue().asText());
            }
            return new SliceScope.Filter(tags);
        }
        throw new InvalidRuleException("slices", "slice, dimension or a non-empty filter object");
    }

    private static List<String> notify(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRuleException("notify", "a list of webhook endpoint ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw new InvalidRuleException("notify", "endpoint ids are 1 to 64 characters of a-z, 0-9, _ and -");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static String metric(ObjectNode c, String at) {
        String metric = text(c, "metric", true, at);
        if (!METRICS.contains(metric)) {
            throw new InvalidRuleException(at + ".metric", "unknown metric '" + metric + "'; known: " + String.join(", ", METRICS));
        }
        return metric;
    }

    private static Resolution window(ObjectNode rule) {
        String label = rule.has("window") ? text(rule, "window", true) : Resolution.MINUTE.label();
        if (!label.equals(Resolution.MINUTE.label()) && !label.equals(Resolution.HOUR.label())) {
            throw new InvalidRuleException("window", "1m or 1h");
        }
        return Resolution.ofLabel(label);
    }

    private static Severity severity(ObjectNode rule) {
        return rule.has("severity") ? choice(rule, "severity", Severity.class, "") : Severity.WARNING;
    }

    private static void onlyFields(ObjectNode node, String at, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new InvalidRuleException(path(at, field), "unknown field; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    private static ObjectNode object(ObjectNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value instanceof ObjectNode object) {
            return object;
        }
        throw new InvalidRuleException(field, required && value == null ? "required" : "must be a JSON object");
    }

    private static String text(ObjectNode node, String field, boolean required) {
        return text(node, field, required, "");
    }

    private static String text(ObjectNode node, String field, boolean required, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidRuleException(path(at, field), "required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 256) {
            throw new InvalidRuleException(path(at, field), "must be non-empty text of at most 256 characters");
        }
        return value.asText();
    }

    private static <E extends Enum<E>> E choice(ObjectNode node, String field, Class<E> type, String at) {
        String value = text(node, field, true, at);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new InvalidRuleException(path(at, field), "one of " + String.join(", ", allowed) + "; was '" + value + "'");
        }
    }

    private static double number(ObjectNode node, String field, String at) {
        Double value = optionalNumber(node, field, at);
        if (value == null) {
            throw new InvalidRuleException(path(at, field), "required");
        }
        return value;
    }

    private static Double optionalNumber(ObjectNode node, String field) {
        return optionalNumber(node, field, "");
    }

    private static Double optionalNumber(ObjectNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new InvalidRuleException(path(at, field), "must be a finite number");
        }
        return value.asDouble();
    }

    private static void positive(Double value, String field) {
        if (value != null && value <= 0) {
            throw new InvalidRuleException(field, "must be above 0");
        }
    }

    private static int integer(ObjectNode node, String field, int fallback, int min, int max) {
        return integer(node, field, fallback, min, max, "");
    }

    private static int integer(ObjectNode node, String field, int fallback, int min, int max, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new InvalidRuleException(path(at, field), "a whole number from " + min + " to " + max);
        }
        return value.asInt();
    }

    private static Duration minutes(ObjectNode node, String field, Duration fallback) {
        return node.has(field) ? Duration.ofMinutes(integer(node, field, 0, 0, 7 * 24 * 60)) : fallback;
    }

    private static boolean bool(ObjectNode node, String field, boolean fallback) {
        return bool(node, field, fallback, "");
    }

    private static boolean bool(ObjectNode node, String field, boolean fallback, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidRuleException(path(at, field), "true or false");
        }
        return value.asBoolean();
    }

    private static String path(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }
}
