package org.fedmed.core.secure.secagg;

/**
 * A study's SecAgg+ settings.
 *
 * @param dropout    δ, the fraction of a site's neighbours that may vanish in a round (sets t)
 * @param corruption γ, the fraction of sites assumed to collude with the coordinator
 * @param threshold  an explicit t, or 0 to derive it from δ
 * @param range      c: update values are clipped to [−c, c] before quantization (FedAvg; DP uses its clip norm)
 * @param maxWeight  W: a site's weight is min(samples, W) / W
 */
public record SecAggSettings(double dropout, double corruption, int threshold, double range, double maxWeight) {

    public static final double DEFAULT_RANGE = 4.0;
    public static final double DEFAULT_MAX_WEIGHT = 10_000;

    public SecAggSettings {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("secure_dropout must be in [0, 1), got " + dropout);
        }
        if (!(corruption >= 0 && corruption < 1)) {
            throw new IllegalArgumentException("secure_corruption must be in [0, 1), got " + corruption);
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("secure_threshold must be >= 0 (0: derived), got " + threshold);
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("secure_range must be finite and positive, got " + range);
        }
        if (!(maxWeight >= 1)) {
            throw new IllegalArgumentException("secure_max_weight must be at least 1, got " + maxWeight);
        }
    }

    public static SecAggSettings defaults() {
        return new SecAggSettings(0.2, 0.0, 0, DEFAULT_RANGE, DEFAULT_MAX_WEIGHT);
    }
}
