package org.fedmed.core.metrics;

/**
 * Cox's negative log partial likelihood of risk scores on a whole test set, Breslow's ties, divided
 * by the number of patients: the figure the trainer minimises batch by batch, here as a test loss
 * (core computes it from the scores, so it needs no engine).
 */
public final class PartialLikelihood {

    private PartialLikelihood() {
    }

    /**
     * Σᵢ Eᵢ · (log Σ_{j : Tⱼ ≥ Tᵢ} exp(sⱼ) − sᵢ) / n; NaN for no patients.
     *
     * @param risk   risk scores s
     * @param times  follow-up times T
     * @param events event indicators E (1 observed, 0 censored)
     */
    public static double meanNegativeLog(double[] risk, float[] times, int[] events) {
        if (risk.length != times.length || risk.length != events.length) {
            throw new IllegalArgumentException("risk, times and events differ in length: " + risk.length + ", " + times.length
                    + ", " + events.length);
        }
        int n = risk.length;
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (events[i] != 1) {
                continue;
            }
            // log-sum-exp over the risk set, shifted by its largest score so large scores do not overflow
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (times[j] >= times[i]) {
                    max = Math.max(max, risk[j]);
                }
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                if (times[j] >= times[i]) {
                    s += Math.exp(risk[j] - max);
                }
            }
            sum += max + Math.log(s) - risk[i];
        }
        return sum / n;
    }
}
