package org.fedmed.core.privacy.budget;

import java.io.Serializable;
import org.fedmed.core.privacy.accounting.Checks;

/**
 * One thing a site let leave, as its ledger books it: what it was ({@link #kind}), for which round,
 * and the Gaussian mechanism that protected it (sampling rate q, noise multiplier σ in units of the
 * release's sensitivity, number of applications). A node books every release before it sends it,
 * so its ledger file explains every ε it reports; replaying the releases gives the same ε.
 *
 * @param kind  {@link #FIT}, {@link #EVALUATION}, {@link #STATISTICS} or {@link #CLASS_COUNTS}
 * @param round the study round (0 for the statistics step)
 */
public record Release(String kind, int round, double samplingRate, double noiseMultiplier, long steps) implements Serializable {

    /** DP-SGD training: the update. */
    public static final String FIT = "fit";
    /** A noisy confusion matrix of the site's test rows. */
    public static final String EVALUATION = "evaluation";
    /** Noisy per-feature counts, sums and sums of squares of the training rows. */
    public static final String STATISTICS = "statistics";
    /** Noisy class counts for class balancing. */
    public static final String CLASS_COUNTS = "class-counts";
    /** A noisy mean |SHAP| per feature over a Poisson sample of the training rows. */
    public static final String EXPLANATION = "explanation";

    public Release {
        if (kind == null || !kind.matches("[a-z][a-z-]*")) {
            throw new IllegalArgumentException("a release kind is a lower-case word, got '" + kind + "'");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
        Checks.samplingRate(samplingRate);
        Checks.noiseMultiplier(noiseMultiplier);
        Checks.steps(steps);
    }

    /** One application of a Gaussian mechanism over all of the site's records (q = 1). */
    public static Release once(String kind, int round, double noiseMultiplier) {
        return new Release(kind, round, 1.0, noiseMultiplier, 1);
    }
}
