package org.fedmed.core.privacy.audit;

/**
 * Exact (Clopper–Pearson 1934) one-sided confidence bounds on a binomial rate: after k successes in
 * n trials, the rate is at least {@link #lower} and at most {@link #upper} with the given confidence.
 * They are conservative, never anti-conservative, which is what a lower bound on ε needs: a bound
 * that may be claimed only when the data leave no doubt.
 */
public final class ClopperPearson {

    private ClopperPearson() {
    }

    /** The rate p with P(X ≥ k | p) = α: the Beta(k, n − k + 1) α-quantile, 0 when k = 0. */
    public static double lower(long k, long n, double alpha) {
        check(k, n, alpha);
        return k == 0 ? 0.0 : IncompleteBeta.inverse(alpha, k, n - k + 1);
    }

    /** The rate p with P(X ≤ k | p) = α: the Beta(k + 1, n − k) (1 − α)-quantile, 1 when k = n. */
    public static double upper(long k, long n, double alpha) {
        check(k, n, alpha);
        return k == n ? 1.0 : IncompleteBeta.inverse(1 - alpha, k + 1, n - k);
    }

    private static void check(long k, long n, double alpha) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("a binomial count needs 0 <= k <= n and n > 0, got k = " + k + ", n = " + n);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
    }
}
