package org.fedmed.core.privacy.accounting;

/**
 * The client-level noise multiplier σ_t of each round (1-based). Every round's σ_t is recorded in
 * the accountant as it is, so any schedule is accounted exactly (RDP composes by addition).
 */
@FunctionalInterface
public interface NoiseSchedule {

    /** σ for {@code round}; must be finite and &gt; 0. */
    double multiplier(int round);

    /** The same σ every round. */
    static NoiseSchedule constant(double sigma) {
        Checks.noiseMultiplier(sigma);
        return round -> sigma;
    }

    /**
     * σ moving linearly from {@code first} at round 1 to {@code last} at round {@code rounds}, and
     * {@code last} after that — e.g. more noise early, less late.
     */
    static NoiseSchedule linear(double first, double last, int rounds) {
        Checks.noiseMultiplier(first);
        Checks.noiseMultiplier(last);
        if (rounds < 1) {
            throw new IllegalArgumentException("schedule length must be >= 1 round, got " + rounds);
        }
        return round -> {
            if (round >= rounds || rounds == 1) {
                return last;
            }
            double f = (Math.max(1, round) - 1) / (double) (rounds - 1);
            return first + f * (last - first);
        };
    }

    /** σ multiplied by {@code factor} every {@code every} rounds: σ_t = σ·factor^⌊(t−1)/every⌋. */
    static NoiseSchedule step(double sigma, double factor, int every) {
        Checks.noiseMultiplier(sigma);
        if (!(factor > 0.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("schedule factor must be a finite number > 0, got " + factor);
        }
        if (every < 1) {
            throw new IllegalArgumentException("schedule step length must be >= 1 round, got " + every);
        }
        return round -> sigma * Math.pow(factor, (Math.max(1, round) - 1) / every);
    }
}
