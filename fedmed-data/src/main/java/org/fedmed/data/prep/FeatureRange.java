package org.fedmed.data.prep;

/**
 * The range a study declares for a feature column ({@code study.data.features: [{name, min, max}]}).
 * A node under a privacy budget clips each value into it before computing its statistics, so one
 * record can change a sum by at most the range's half-width around its midpoint, and scales its
 * noise to that bound.
 */
public record FeatureRange(double min, double max) {

    public FeatureRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("a feature range needs finite min < max, got [" + min + ", " + max + "]");
        }
    }

    /** The middle of the range: values are centred on it before they are summed. */
    public double mid() {
        return min + (max - min) / 2;
    }

    /** Half the range's width: the most a clipped, centred value is away from 0. */
    public double halfWidth() {
        return (max - min) / 2;
    }

    /** {@code x} clipped into the range. */
    public double clip(double x) {
        return Math.min(max, Math.max(min, x));
    }
}
