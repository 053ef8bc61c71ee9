package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.privacy.accounting.Checks;

/**
 * Adaptive clipping (Andrew, Thakkar, McMahan &amp; Ramaswamy 2021, "Differentially Private Learning
 * with Adaptive Clipping", Algorithm 1): the clip norm C tracks the γ-quantile of the sites' update
 * norms. Each round every participant reports b_i = 1 if ‖Δ_i‖ ≤ C (else 0); the coordinator adds
 * N(0, σ_b²) to the centred Σ (b_i − ½), divides by the expected participants m and adds ½ to get b̄, and updates
 * C ← C·exp(−η_C·(b̄ − γ)) (geometric update). At the fixed point b̄ = γ in expectation, i.e. C is
 * the γ-quantile.
 *
 * <p>Privacy: the count is a second Gaussian query on the same sites. Centred as b_i − ½ its
 * sensitivity is ½, so the pair (updates with multiplier σ_Δ, count with σ_b) is one Gaussian
 * mechanism with multiplier σ = (σ_Δ⁻² + (2σ_b)⁻²)^{−1/2} (paper, Theorem 1). To spend a target σ,
 * the updates get σ_Δ = (σ⁻² − (2σ_b)⁻²)^{−1/2} ({@link #updateNoiseMultiplier}), which needs
 * σ_b &gt; σ/2; the accountant records the target σ. The paper suggests σ_b = m/20 and η_C = 0.2.
 *
 * <p>Not thread-safe; owned by one strategy.
 */
public final class AdaptiveClipping {

    private final double targetQuantile;
    private final double learningRate;
    private final double countNoiseStd;
    private double clipNorm;

    /**
     * @param initialClipNorm C_0 &gt; 0
     * @param targetQuantile  γ in (0, 1)
     * @param learningRate    η_C &gt; 0
     * @param countNoiseStd   σ_b ≥ 0 (0 only for tests without privacy on the count; the strategy
     *                        refuses it because the count then leaks)
     */
    public AdaptiveClipping(double initialClipNorm, double targetQuantile, double learningRate, double countNoiseStd) {
        this.clipNorm = UpdateClipping.checkClipNorm(initialClipNorm);
        if (!(targetQuantile > 0.0 && targetQuantile < 1.0)) {
            throw new IllegalArgumentException("target quantile gamma must be in (0, 1), got " + targetQuantile);
        }
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("clip learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(countNoiseStd >= 0.0) || Double.isInfinite(countNoiseStd)) {
            throw new IllegalArgumentException("count noise sigma_b must be finite and >= 0, got " + countNoiseStd);
        }
        this.targetQuantile = targetQuantile;
        this.learningRate = learningRate;
        this.countNoiseStd = countNoiseStd;
    }

    /** Sets the clip norm back to a stored value (a coordinator resuming from its run store). */
    public void restoreClipNorm(double c) {
        this.clipNorm = UpdateClipping.checkClipNorm(c);
    }

    /** The clip norm to use this round. */
    public double clipNorm() {
        return clipNorm;
    }

    public double targetQuantile() {
        return targetQuantile;
    }

    public double learningRate() {
        return learningRate;
    }

    public double countNoiseStd() {
        return countNoiseStd;
    }

    /**
     * σ_Δ = (σ⁻² − (2σ_b)⁻²)^{−1/2}: the multiplier the updates must get so that updates and count
     * together spend exactly the target σ.
     *
     * @throws IllegalArgumentException unless σ_b &gt; σ/2
     */
    public static double updateNoiseMultiplier(double targetSigma, double countNoiseStd) {
        Checks.noiseMultiplier(targetSigma);
        if (!(2.0 * countNoiseStd > targetSigma)) {
            throw new IllegalArgumentException("adaptive clipping needs count noise sigma_b > sigma/2 = "
                    + targetSigma / 2 + ", got " + countNoiseStd);
        }
        double inv = 1.0 / (targetSigma * targetSigma) - 1.0 / (4.0 * countNoiseStd * countNoiseStd);
        return 1.0 / Math.sqrt(inv);
    }

    /**
     * Ends a round from the sites' clip bits (b_k = 1 when site k's delta was within C): the
     * <b>centred</b> sum Σ_k (b_k − ½) plus N(0, σ_b²), divided by the expected number of sites m,
     * plus ½, gives b̄; then C ← C·exp(−η_C·(b̄ − γ)). Centring is what makes the sum's sensitivity
     * ½ (a site joining or leaving moves it by ±½), the value the multiplier split of
     * {@link #updateNoiseMultiplier} assumes (Andrew et al. 2021, Algorithm 1).
     *
     * @return b̄, the noised fraction that drove the update
     */
    public double update(int below, int reported, double expectedSites, GaussianNoise noise) {
        if (below < 0 || below > reported) {
            throw new IllegalArgumentException("clip bits: " + below + " of " + reported + " sites below the clip norm");
        }
        if (!(expectedSites > 0)) {
            throw new IllegalArgumentException("expected sites per round must be > 0, got " + expectedSites);
        }
        double fraction = (centredCount(below, reported) + noise.next(countNoiseStd)) / expectedSites + 0.5;
        clipNorm = clipNorm * Math.exp(-learningRate * (fraction - targetQuantile));
        return fraction;
    }

    /** Σ_k (b_k − ½) for {@code below} ones among {@code reported} bits: the released statistic. */
    public static double centredCount(int below, int reported) {
        return below - 0.5 * reported;
    }
}
