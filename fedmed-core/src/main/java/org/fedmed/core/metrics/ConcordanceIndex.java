package org.fedmed.core.metrics;

/**
 * Harrell's concordance index for survival predictions: of the pairs whose order of events is
 * known, the share that the risk scores put in the right order.
 *
 * <p>A pair (i, j) is comparable when {@code time[i] < time[j]} and i's event was observed (j may be
 * censored: it was still event-free when i's event happened). It is concordant when i, who fared
 * worse, has the higher risk; a tie in risk counts 1/2. Pairs with equal times are not compared, nor
 * pairs whose earlier time is censored (what happened to that patient next is unknown). Higher risk
 * means an earlier event, as with a Cox model's linear predictor.
 */
public final class ConcordanceIndex {

    private ConcordanceIndex() {
    }

    /**
     * @param risk   each example's predicted risk
     * @param times  each example's follow-up time
     * @param events 1 where the event was observed, 0 where censored
     * @return the C-index in [0, 1]
     * @throws IllegalArgumentException for arrays of different lengths, or when no pair is comparable
     */
    public static double harrell(double[] risk, float[] times, int[] events) {
        if (risk.length != times.length || risk.length != events.length) {
            throw new IllegalArgumentException("risk, times and events differ in length: " + risk.length + ", " + times.length
                    + ", " + events.length);
        }
        // O(n²) pairs: the test sets here hold hundreds of patients, where a sort-based count would not pay off
        double concordant = 0;
        long comparable = 0;
        for (int i = 0; i < risk.length; i++) {
            if (events[i] != 1) {
                continue;
            }
            for (int j = 0; j < risk.length; j++) {
                if (times[i] < times[j]) {
                    comparable++;
                    concordant += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
                }
            }
        }
        if (comparable == 0) {
            throw new IllegalArgumentException("no comparable pair: the C-index needs an observed event before another time");
        }
        return concordant / comparable;
    }
}
