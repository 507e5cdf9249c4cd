package io.raymon.api.stats;

/** A confidence interval [lower, upper]. */
public record Interval(double lower, double upper) {
    /** The standard error a normal interval of this width implies: (upper − lower) / (2·Z95). */
    public double impliedStandardError() {
        return (upper - lower) / (2 * Normal.Z95);
    }
}
