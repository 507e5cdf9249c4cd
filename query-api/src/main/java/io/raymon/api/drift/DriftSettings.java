package io.raymon.api.drift;

import io.raymon.api.drift.DriftAssessment.BaselineKind;
import io.raymon.api.error.ApiException;
import io.raymon.clickhouse.drift.DriftScore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thresholds of a drift evaluation: the defaults ({@link DriftScore.Policy#DEFAULTS}), changed for
 * the whole request ({@code minSamples}, {@code minJensenShannon}, {@code falseDiscoveryRate}) and per
 * feature ({@code override=<feature>:<setting>=<value>[,<setting>=<value>]}, repeatable; settings
 * {@code minSamples}, {@code minJensenShannon}, {@code falseDiscoveryRate}, {@code baseline}): e.g.
 * {@code override=night_amount:baseline=seasonal} for a feature with a daily cycle, or
 * {@code override=amount:minJensenShannon=0.2} for one whose small shifts nobody acts on.
 */
record DriftSettings(DriftScore.Policy policy, Map<String, DriftScore.Policy> featurePolicies,
        Map<String, BaselineKind> featureBaselines) {
    static final DriftSettings DEFAULTS = new DriftSettings(DriftScore.Policy.DEFAULTS, Map.of(), Map.of());
    private static final int MAX_OVERRIDES = 200;

    DriftScore.Policy policyOf(String feature) {
        return featurePolicies.getOrDefault(feature, policy);
    }

    /** The baseline of a feature: its override, else {@code fallback}. */
    BaselineKind baselineOf(String feature, BaselineKind fallback) {
        return featureBaselines.getOrDefault(feature, fallback);
    }

    JsonObject toJson() {
        JsonObject overrides = new JsonObject();
        featurePolicies.forEach((feature, p) -> overrides.put(feature, policyJson(p)));
        featureBaselines.forEach((feature, kind) -> overrides.put(feature,
                overrides.getJsonObject(feature, new JsonObject()).put("baseline", kind.name().toLowerCase())));
        return policyJson(policy).put("overrides", overrides);
    }

    private static JsonObject policyJson(DriftScore.Policy p) {
        return new JsonObject().put("minSamples", p.minSamples()).put("minJensenShannon", p.minJensenShannon())
                .put("falseDiscoveryRate", p.falseDiscoveryRate());
    }

    static DriftSettings parse(RoutingContext ctx) {
        DriftScore.Policy policy = DriftScore.Policy.DEFAULTS;
        for (String setting : List.of("minSamples", "minJensenShannon", "falseDiscoveryRate")) {
            List<String> values = ctx.queryParam(setting);
            if (!values.isEmpty()) {
                policy = with(policy, setting, values.get(0), setting);
            }
        }
        List<String> overrides = ctx.queryParam("override");
        if (overrides.size() > MAX_OVERRIDES) {
            throw ApiException.invalidParameter("at most " + MAX_OVERRIDES + " override parameters");
        }
        Map<String, DriftScore.Policy> policies = new LinkedHashMap<>();
        Map<String, BaselineKind> baselines = new LinkedHashMap<>();
        for (String override : overrides) {
            int colon = override.lastIndexOf(':');
            String feature = colon <= 0 ? "" : override.substring(0, colon);
            if (feature.isEmpty() || feature.length() > 256 || feature.chars().anyMatch(Character::isISOControl)
                    || colon == override.length() - 1) {
                throw ApiException.invalidParameter("override must be <feature>:<setting>=<value>[,<setting>=<value>],"
                        + " e.g. night_amount:baseline=seasonal, was '" + override + "'");
            }
            DriftScore.Policy featurePolicy = policies.getOrDefault(feature, policy);
            for (String assignment : override.substring(colon + 1).split(",")) {
                int equals = assignment.indexOf('=');
                String setting = equals < 0 ? assignment : assignment.substring(0, equals);
                String value = equals < 0 ? "" : assignment.substring(equals + 1);
                if (setting.equals("baseline")) {
                    baselines.put(feature, baseline(value));
                } else {
                    featurePolicy = with(featurePolicy, setting, value, "override " + override);
                    policies.put(feature, featurePolicy);
                }
            }
        }
        return new DriftSettings(policy, Map.copyOf(policies), Map.copyOf(baselines));
    }

    private static BaselineKind baseline(String value) {
        return switch (value) {
            case "reference" -> BaselineKind.REFERENCE;
            case "trailing" -> BaselineKind.TRAILING;
            case "seasonal" -> BaselineKind.SEASONAL;
            default -> throw ApiException.invalidParameter("an override's baseline must be reference, trailing or"
                    + " seasonal, was '" + value + "'");
        };
    }

    private static DriftScore.Policy with(DriftScore.Policy policy, String setting, String value, String where) {
        try {
            return switch (setting) {
                case "minSamples" -> new DriftScore.Policy(bounded(Long.parseLong(value), 10, 100_000_000, where),
                        policy.minJensenShannon(), policy.falseDiscoveryRate());
                case "minJensenShannon" -> new DriftScore.Policy(policy.minSamples(),
                        bounded(Double.parseDouble(value), 0, 1, where), policy.falseDiscoveryRate());
                case "falseDiscoveryRate" -> new DriftScore.Policy(policy.minSamples(), policy.minJensenShannon(),
                        bounded(Double.parseDouble(value), 1e-9, 0.5, where));
                default -> throw ApiException.invalidParameter(where + ": unknown setting '" + setting + "' (minSamples,"
                        + " minJensenShannon, falseDiscoveryRate, baseline)");
            };
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter(where + ": " + setting + " must be a number, was '" + value + "'");
        }
    }

    private static long bounded(long value, long min, long max, String where) {
        if (value < min || value > max) {
            throw ApiException.invalidParameter(where + ": must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    private static double bounded(double value, double min, double max, String where) {
        if (!(value >= min && value <= max)) {
            throw ApiException.invalidParameter(where + ": must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }
}
