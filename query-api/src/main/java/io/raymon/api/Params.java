package io.raymon.api;

import io.raymon.api.error.ApiException;
import io.raymon.api.stats.MetricCatalog;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/** Validated query and path parameters shared by the resources; every failure is a 400 with the rule. */
public final class Params {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern SLICE = Pattern.compile("__all__|[^=\\p{Cntrl}]{1,256}=[^\\p{Cntrl}]{0,256}");
    private static final Pattern DIMENSION = Pattern.compile("[^=&\\p{Cntrl}]{1,256}(&[^=&\\p{Cntrl}]{1,256}){0,3}");
    public static final int MAX_SLICES = 20;

    private Params() {}

    /** A model, version or similar name, or null when absent. */
    public static String optionalName(RoutingContext ctx, String param) {
        String value = single(ctx, param);
        if (value != null && !NAME.matcher(value).matches()) {
            throw ApiException.invalidParameter(param + " must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    public static String requiredName(RoutingContext ctx, String param) {
        String value = optionalName(ctx, param);
        if (value == null) {
            throw ApiException.invalidParameter(param + " is required");
        }
        return value;
    }

    /** A path parameter with the rules of a name. */
    public static String pathName(RoutingContext ctx, String param) {
        String value = ctx.pathParam(param);
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApiException.invalidParameter(param + " must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    /** A slice name ({@code __all__}, {@code key=value} or {@code k1=v1&k2=v2}), or {@code fallback}. */
    public static String slice(RoutingContext ctx, String param, String fallback) {
        String value = single(ctx, param);
        if (value == null) {
            return fallback;
        }
        return checkSlice(param, value);
    }

    /** Every {@code slice} given (repeated parameter), {@code __all__} when none. */
    public static List<String> slices(RoutingContext ctx) {
        List<String> values = ctx.queryParam("slice");
        if (values.isEmpty()) {
            return List.of(MetricColumns.GLOBAL_SLICE);
        }
        if (values.size() > MAX_SLICES) {
            throw ApiException.invalidParameter("at most " + MAX_SLICES + " slices per request");
        }
        values.forEach(value -> checkSlice("slice", value));
        return List.copyOf(values);
    }

    /** A dimension such as {@code client} or {@code client&country}, or null. */
    public static String dimension(RoutingContext ctx) {
        String value = single(ctx, "dimension");
        if (value != null && !DIMENSION.matcher(value).matches()) {
            throw ApiException.invalidParameter("dimension must be a tag key, or up to four joined with '&'");
        }
        return value;
    }

    /** A metric of {@link MetricCatalog}; unknown ones are a 400 {@code unknown_metric} listing the known. */
    public static String metric(RoutingContext ctx, boolean required) {
        String value = single(ctx, "metric");
        if (value == null) {
            if (required) {
                throw new ApiException(400, "unknown_metric", "metric is required; one of " + MetricCatalog.names());
            }
            return null;
        }
        if (!MetricCatalog.contains(value)) {
            throw new ApiException(400, "unknown_metric", "unknown metric; use one of " + MetricCatalog.names());
        }
        return value;
    }

    public static int integer(RoutingContext ctx, String param, int fallback, int min, int max) {
        String value = single(ctx, param);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalidParameter(param + " must be a whole number from " + min + " to " + max);
    }

    /** A finite number, or null. */
    public static Double number(RoutingContext ctx, String param) {
        String value = single(ctx, param);
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed) && value.length() <= 40) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalidParameter(param + " must be a finite number");
    }

    /** The parameter's only value; repeating a single-valued parameter is an error, not a silent pick. */
    public static String single(RoutingContext ctx, String param) {
        List<String> values = ctx.queryParam(param);
        if (values.size() > 1) {
            throw ApiException.invalidParameter(param + " may be given once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String checkSlice(String param, String value) {
        if (!SLICE.matcher(value).matches()) {
            throw ApiException.invalidParameter(param + " must be __all__ or key=value (combinations joined with '&')");
        }
        return value;
    }
}
