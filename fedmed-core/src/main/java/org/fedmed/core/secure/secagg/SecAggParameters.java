package org.fedmed.core.secure.secagg;

/**
 * The shape of one SecAgg+ round: how many sites take part, how many neighbours each shares its
 * secrets with (k; k = n − 1 is the complete graph of Bonawitz et al. 2017) and how many of those
 * neighbours must answer for its secrets to be reconstructed (t).
 *
 * <p>t is chosen as high as the tolerated dropout allows, t = k − ⌈δ·k⌉, and must exceed both k/2
 * (two disjoint sets of t answers cannot exist, so a coordinator cannot collect one peer's self-mask
 * share from some neighbours and its pairwise-key share from others; the consistency step closes the
 * rest) and γ·k (the corrupted sites together with the coordinator hold fewer than t shares).
 *
 * @param sites      n, the sites asked to take part
 * @param degree     k, neighbours per site (n − 1: complete graph)
 * @param threshold  t, shares needed to reconstruct a secret, 1 &lt; t ≤ k
 * @param dropout    δ, the fraction of a site's neighbours that may vanish
 * @param corruption γ, the fraction of sites assumed to collude with the coordinator
 */
public record SecAggParameters(int sites, int degree, int threshold, double dropout, double corruption) {

    /** Up to this many sites every site shares with every other (the graph is complete). */
    public static final int COMPLETE_GRAPH_UP_TO = 30;

    public SecAggParameters {
        if (sites < 3) {
            throw new IllegalArgumentException("secure aggregation needs at least 3 sites per round, got " + sites
                    + " (with 2, each site could read the other's update from the sum)");
        }
        if (degree < 2 || degree > sites - 1) {
            throw new IllegalArgumentException("secure aggregation: " + degree + " neighbours per site is not in [2, "
                    + (sites - 1) + "] for " + sites + " sites");
        }
        if (degree < sites - 1 && degree % 2 != 0) {
            throw new IllegalArgumentException("secure aggregation: a random k-regular graph needs an even k, got " + degree);
        }
        if (threshold > degree) {
            throw new IllegalArgumentException("secure aggregation threshold t=" + threshold + " is above the "
                    + degree + " neighbours that hold each site's shares (" + sites + " sites)");
        }
        if (threshold <= degree / 2) {
            throw new IllegalArgumentException("secure aggregation threshold t=" + threshold + " must exceed half of the "
                    + degree + " neighbours (t > " + degree / 2 + "), or a coordinator could collect both secrets of a site");
        }
        if (threshold <= Math.floor(corruption * degree)) {
            throw new IllegalArgumentException("secure aggregation threshold t=" + threshold + " must exceed the "
                    + (int) Math.floor(corruption * degree) + " corrupted neighbours assumed (corruption " + corruption + ")");
        }
        checkFraction("dropout", dropout);
        checkFraction("corruption", corruption);
    }

    /** Failure probability allowed for a round with random dropouts, over all sites (union bound). */
    static final double ROUND_FAILURE = Math.pow(2, -20);

    /**
     * k and t for n sites tolerating a dropout fraction δ and a corruption fraction γ.
     *
     * <p>Up to {@value #COMPLETE_GRAPH_UP_TO} sites the graph is complete and δ is a worst case:
     * t = k − ⌈δ·k⌉, but never k/2 or less (nor the corrupted count or less): with few sites a round
     * then tolerates fewer dropouts than δ asks, and the printed t says how many (k − t). Above, sites drop at random, so a neighbourhood loses Binomial(k, δ) of its k
     * neighbours and can lose more than δ·k by chance: t = k − x with x the smallest count whose
     * binomial tail P(X &gt; x) is at most 2^-20 / n, and k = O(log n) as in Bell et al. 2020
     * (from 2⌈1.5·log2(n) / (1 − δ − γ)⌉, grown in steps of 2 until t &gt; k/2 holds).
     */
    public static SecAggParameters derive(int sites, double dropout, double corruption) {
        checkFraction("dropout", dropout);
        checkFraction("corruption", corruption);
        if (sites < 3) {
            return new SecAggParameters(sites, 2, 2, dropout, corruption); // refused with the reason
        }
        if (sites <= COMPLETE_GRAPH_UP_TO) {
            // security first: t never falls to k/2 or to the corrupted count; with few sites the round
            // then tolerates fewer dropouts than δ asks (the printed t says how many: k − t)
            int degree = sites - 1;
            int threshold = Math.max(degree - (int) Math.ceil(dropout * degree - 1e-9),
                    Math.max(degree / 2 + 1, (int) Math.floor(corruption * degree) + 1));
            return new SecAggParameters(sites, degree, Math.min(threshold, degree), dropout, corruption);
        }
        double spare = 1 - dropout - corruption;
        if (!(spare > 0)) {
            throw new IllegalArgumentException("secure aggregation: dropout " + dropout + " and corruption " + corruption
                    + " leave no honest neighbours");
        }
        int max = sites - 1 - ((sites - 1) % 2);
        int degree = (int) Math.min(max, 2 * Math.ceil(1.5 * Math.log(sites) / Math.log(2) / spare));
        while (true) {
            int threshold = degree - tolerated(degree, dropout, ROUND_FAILURE / sites);
            if (threshold > degree / 2 && threshold > Math.floor(corruption * degree)) {
                return new SecAggParameters(sites, degree, threshold, dropout, corruption);
            }
            if (degree >= max) {
                throw new IllegalArgumentException("secure aggregation: dropout " + dropout + " is too high for " + sites
                        + " sites: even with " + degree + " neighbours per site a majority may drop");
            }
            degree = Math.min(max, degree + 2);
        }
    }

    /** The smallest x with P(Binomial(k, p) > x) ≤ bound. */
    static int tolerated(int k, double p, double bound) {
        if (p == 0) {
            return 0;
        }
        double[] pmf = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            pmf[i] = Math.exp(logChoose(k, i) + i * Math.log(p) + (k - i) * Math.log1p(-p));
        }
        double tail = 0;
        for (int x = k; x >= 0; x--) {
            if (tail + pmf[x] > bound) {
                return x; // P(X > x) = tail ≤ bound, P(X > x − 1) would exceed it
            }
            tail += pmf[x];
        }
        return 0;
    }

    private static double logChoose(int n, int k) {
        double r = 0;
        for (int i = 1; i <= k; i++) {
            r += Math.log(n - k + i) - Math.log(i);
        }
        return r;
    }

    /** The same graph with an explicit threshold (checked like the derived one). */
    public SecAggParameters withThreshold(int t) {
        return new SecAggParameters(sites, degree, t, dropout, corruption);
    }

    public boolean completeGraph() {
        return degree == sites - 1;
    }

    /** e.g. {@code n=10, complete graph (k=9), t=7, dropout≤0.25, corruption≤0.1}. */
    public String describe() {
        return "n=" + sites + ", " + (completeGraph() ? "complete graph (k=" + degree + ")" : "random " + degree + "-regular graph")
                + ", t=" + threshold + ", dropout≤" + dropout + ", corruption≤" + corruption;
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    private static void checkFraction(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("secure aggregation: " + name + " fraction must be in [0, 1), got " + v);
        }
    }
}
