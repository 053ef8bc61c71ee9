package org.fedmed.core.privacy.audit;

/**
 * The offline likelihood-ratio attack (LiRA, Carlini et al. 2022, §VI "offline"): shadow models are
 * trained on random halves of a population; for each example, the shadows that did NOT train on it
 * give the distribution of its logit-scaled confidence when it is out. The target model's confidence
 * is scored by how far above that distribution it lies, (φ − μ_out)/σ_out, a one-sided test that is
 * monotone in the Gaussian likelihood ratio Carlini et al. use offline. With few shadows the
 * per-example variance is unreliable, so, as they advise for small shadow counts, one variance
 * pooled over all examples is used.
 */
public final class OfflineLikelihoodRatio {

    /** A floor on σ so models that agree exactly do not give infinite scores. */
    static final double MIN_SIGMA = 1e-3;

    private OfflineLikelihoodRatio() {
    }

    /**
     * Scores every example: higher means more likely a member of the target's training data.
     *
     * @param target   the target model's logit confidence per example
     * @param shadows  shadows × examples: each shadow's logit confidence per example
     * @param trainedOn shadows × examples: whether the shadow trained on the example
     */
    public static double[] scores(double[] target, double[][] shadows, boolean[][] trainedOn) {
        int n = target.length;
        if (shadows.length == 0 || shadows.length != trainedOn.length) {
            throw new IllegalArgumentException("need at least one shadow model, with one membership row each");
        }
        double[] mean = new double[n];
        int[] outs = new int[n];
        double all = 0;
        int allCount = 0;
        for (int k = 0; k < shadows.length; k++) {
            if (shadows[k].length != n || trainedOn[k].length != n) {
                throw new IllegalArgumentException("shadow " + k + " scores " + shadows[k].length + " examples, the target " + n);
            }
            for (int i = 0; i < n; i++) {
                if (!trainedOn[k][i]) {
                    mean[i] += shadows[k][i];
                    outs[i]++;
                    all += shadows[k][i];
                    allCount++;
                }
            }
        }
        if (allCount == 0) {
            throw new IllegalArgumentException("every shadow trained on every example: no out-statistics to compare with");
        }
        double globalMean = all / allCount;
        for (int i = 0; i < n; i++) {
            // an example no shadow left out borrows the population mean: its score then says little, as it should
            mean[i] = outs[i] > 0 ? mean[i] / outs[i] : globalMean;
        }
        double ss = 0;
        int df = 0;
        for (int k = 0; k < shadows.length; k++) {
            for (int i = 0; i < n; i++) {
                if (!trainedOn[k][i] && outs[i] > 1) {
                    double d = shadows[k][i] - mean[i];
                    ss += d * d;
                    df++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            df -= outs[i] > 1 ? 1 : 0;
        }
        double sigma = Math.max(MIN_SIGMA, df > 0 ? Math.sqrt(ss / df) : 1.0);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = (target[i] - mean[i]) / sigma;
        }
        return s;
    }
}
