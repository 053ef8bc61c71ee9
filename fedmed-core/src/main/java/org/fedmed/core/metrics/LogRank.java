package org.fedmed.core.metrics;

import org.fedmed.core.privacy.accounting.Erfc;

/**
 * The log-rank test of two survival curves (Mantel's form): at each distinct event time the events
 * expected in group 1 if both groups shared one hazard, Eₜ = dₜ·n₁ₜ/nₜ, with the hypergeometric
 * variance Vₜ = dₜ·(n₁ₜ/nₜ)·(1 − n₁ₜ/nₜ)·(nₜ − dₜ)/(nₜ − 1); the statistic (O₁ − E₁)² / V is χ² with one
 * degree of freedom under equal hazards.
 *
 * @param observed1 events observed in group 1
 * @param expected1 events expected in group 1 under equal hazards
 * @param observed0 events observed in group 0
 * @param expected0 events expected in group 0
 * @param variance  the variance of O₁ − E₁
 * @param chiSquare the statistic, NaN when the variance is 0 (no event, or one group empty)
 * @param pValue    P(χ²₁ ≥ chiSquare), NaN with it
 */
public record LogRank(long observed1, double expected1, long observed0, double expected0, double variance, double chiSquare,
                      double pValue) {

    /**
     * @param times  follow-up times
     * @param events 1 observed, 0 censored
     * @param group1 each patient's group: true for group 1
     */
    public static LogRank test(float[] times, int[] events, boolean[] group1) {
        if (times.length != events.length || times.length != group1.length) {
            throw new IllegalArgumentException("times, events and groups differ in length: " + times.length + ", " + events.length
                    + ", " + group1.length);
        }
        int n = times.length;
        long o1 = 0;
        long o0 = 0;
        double e1 = 0;
        double v = 0;
        // each distinct event time: count the risk sets directly (test sets are small: O(n²) is fine)
        for (int i = 0; i < n; i++) {
            if (events[i] != 1 || eventTimeSeenBefore(times, events, i)) {
                continue;
            }
            double t = times[i];
            int atRisk = 0;
            int atRisk1 = 0;
            int died = 0;
            int died1 = 0;
            for (int j = 0; j < n; j++) {
                if (times[j] >= t) {
                    atRisk++;
                    atRisk1 += group1[j] ? 1 : 0;
                }
                if (times[j] == t && events[j] == 1) {
                    died++;
                    died1 += group1[j] ? 1 : 0;
                }
            }
            double share = atRisk1 / (double) atRisk;
            e1 += died * share;
            if (atRisk > 1) {
                v += died * share * (1 - share) * (atRisk - died) / (atRisk - 1.0);
            }
            o1 += died1;
            o0 += died - died1;
        }
        double e0 = o1 + o0 - e1;
        double chi = v > 0 ? (o1 - e1) * (o1 - e1) / v : Double.NaN;
        return new LogRank(o1, e1, o0, e0, v, chi, Double.isNaN(chi) ? Double.NaN : Erfc.erfc(Math.sqrt(chi / 2)));
    }

    /** Whether an earlier patient already stands for example i's event time (each time is counted once). */
    private static boolean eventTimeSeenBefore(float[] times, int[] events, int i) {
        for (int j = 0; j < i; j++) {
            if (events[j] == 1 && times[j] == times[i]) {
                return true;
            }
        }
        return false;
    }
}
