package org.fedmed.core.privacy.audit;

/**
 * The ε lower bound of an audit in one training run (Steinke, Nasr and Jagielski, NeurIPS 2023,
 * "Privacy auditing with one (1) training run"). Each of m canaries is put in the training data
 * independently with probability ½; after training the auditor guesses "in" or "out" for r of them
 * and abstains on the rest. Under (ε, δ)-DP the number v of correct guesses is dominated by
 * Binomial(r, q), q = e^ε/(1 + e^ε), up to a δ term (their main theorem):
 * P[V ≥ v] ≤ P[Binomial(r, q) ≥ v] + 2mδ·max_{1≤i≤v} P[v − i ≤ Binomial(r, q) < v]/i.
 * The bound is the largest ε this p-value rejects at the asked confidence. Unlike the bound from one
 * run's false-positive and true-positive rates, it is valid although the canaries share a training run:
 * the independence it needs comes from the coin flips, not from the examples.
 */
public final class OneRunBound {

    private OneRunBound() {
    }

    /** The p-value of at least {@code v} correct of {@code r} guesses on {@code m} canaries if the training were (ε, δ)-DP. */
    public static double pValue(int m, int r, int v, double epsilon, double delta) {
        if (!(0 <= v && v <= r && r <= m)) {
            throw new IllegalArgumentException("need 0 ≤ correct ≤ guesses ≤ canaries, got " + v + ", " + r + ", " + m);
        }
        if (!(epsilon >= 0) || !(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("need ε ≥ 0 and δ in [0, 1], got ε = " + epsilon + ", δ = " + delta);
        }
        if (v == 0) {
            return 1;
        }
        double q = 1 / (1 + Math.exp(-epsilon));
        double tail = IncompleteBeta.regularized(q, v, r - v + 1.0); // P[Binomial(r, q) ≥ v]
        double alpha = 0;
        double below = 0;
        for (int i = 1; i <= v; i++) {
            below += binomialPmf(r, v - i, q);
            alpha = Math.max(alpha, below / i);
        }
        return Math.min(1, tail + 2.0 * m * delta * alpha);
    }

    /**
     * The largest ε (to 1e-6) such that the training cannot be (ε, δ)-DP at the given confidence: 0
     * when even ε = 0 is not rejected.
     */
    public static double epsilonLowerBound(int m, int r, int v, double delta, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        double level = 1 - confidence;
        if (pValue(m, r, v, 0, delta) >= level) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (pValue(m, r, v, hi, delta) < level) {
            lo = hi;
            hi *= 2;
            if (hi > 1e4) {
                return Double.POSITIVE_INFINITY; // every ε is rejected: e.g. all guesses right with δ = 0 and many guesses
            }
        }
        while (hi - lo > 1e-6) {
            double mid = 0.5 * (lo + hi);
            if (pValue(m, r, v, mid, delta) < level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double binomialPmf(int n, int k, double p) {
        double logChoose = IncompleteBeta.logGamma(n + 1.0) - IncompleteBeta.logGamma(k + 1.0) - IncompleteBeta.logGamma(n - k + 1.0);
        double logP = logChoose + (k == 0 ? 0 : k * Math.log(p)) + (n - k == 0 ? 0 : (n - k) * Math.log1p(-p));
        return Math.exp(logP);
    }
}
