package org.fedmed.core.privacy.accounting;

/**
 * Rényi DP of the multi-dimensional Skellam mechanism (Agarwal, Kairouz &amp; Liu 2021, "The Skellam
 * Mechanism for Differentially Private Federated Learning", NeurIPS 2021, arXiv:2110.04995, §3: the
 * RDP bound for the multi-dimensional mechanism, Theorem 3.5 / Corollary 3.6 depending on the
 * version). An integer vector with L1 sensitivity Δ1 and L2 sensitivity Δ2 gets independent
 * Sk(μ) = Poisson(μ) − Poisson(μ) noise on every coordinate (variance 2μ); at order α
 *
 * <pre>
 *   ε(α) = α·Δ2² / (4μ) + min( ((2α − 1)·Δ2² + 6·Δ1) / (16μ²),  3·Δ1 / (4μ) ).
 * </pre>
 *
 * The first term is the Gaussian mechanism's α·Δ2²/(2σ²) at the same variance σ² = 2μ; the second
 * is the price of discreteness and vanishes like 1/μ relative to it. Careful with the parametrization
 * when comparing with other code: with the per-coordinate variance V = 2μ this reads
 * α·Δ2²/(2V) + min(((2α−1)·Δ2² + 6·Δ1)/(4V²), 3·Δ1/(2V)), the form used by Google's
 * distributed-DP accounting, which we checked this against.
 *
 * <p>Orders: the bound is stated (and implemented in the reference code) for integer α. Rényi
 * divergence is non-decreasing in the order (van Erven &amp; Harremoës 2014, Theorem 3), so for a
 * fractional α we report the bound at ⌈α⌉: valid, slightly conservative.
 *
 * <p>No amplification by subsampling. Under secure aggregation the coordinator learns who took part
 * in each round, so the secrecy of the sample that amplification theorems need does not hold against
 * it; every round is accounted as a full release of the sum. Composition over rounds adds RDP.
 */
public final class SkellamRdp {

    private SkellamRdp() {
    }

    /**
     * The integer orders (≥ 2) of the default grid, where the bound is evaluated exactly as stated:
     * noise under a secure sum is calibrated and checked on these (a fractional order is charged at
     * its ceiling, so the Gaussian's fractional optimum would flatter the comparison).
     */
    public static double[] integerOrders() {
        return java.util.Arrays.stream(SampledGaussianRdp.defaultOrders()).filter(a -> a >= 2 && a == Math.rint(a)).toArray();
    }

    /** ε(α) of one release; Δ1, Δ2 and μ must be finite and positive. */
    public static double rdp(double delta1, double delta2, double mu, double alpha) {
        checkParameters(delta1, delta2, mu);
        Checks.order(alpha);
        double a = Math.ceil(alpha);
        double l2sq = delta2 * delta2;
        double discrete = Math.min(((2 * a - 1) * l2sq + 6 * delta1) / (16 * mu * mu), 3 * delta1 / (4 * mu));
        return a * l2sq / (4 * mu) + discrete;
    }

    /** The RDP of {@code steps} releases at each order: composition adds RDP order by order. */
    public static double[] rdp(double delta1, double delta2, double mu, long steps, double[] orders) {
        checkParameters(delta1, delta2, mu);
        Checks.steps(steps);
        double[] checked = Checks.orders(orders);
        double[] out = new double[checked.length];
        for (int i = 0; i < checked.length; i++) {
            out[i] = steps == 0 ? 0.0 : steps * rdp(delta1, delta2, mu, checked[i]);
        }
        return out;
    }

    /**
     * The noise multiplier of the Gaussian with the same variance per unit of L2 sensitivity,
     * √(2μ)/Δ2: the Skellam curve approaches that Gaussian's as μ grows.
     */
    public static double equivalentNoiseMultiplier(double delta2, double mu) {
        Checks.positive("L2 sensitivity delta2", delta2);
        Checks.positive("Skellam parameter mu", mu);
        return Math.sqrt(2 * mu) / delta2;
    }

    /** The ledger name of a Skellam release, one token with its parameters: {@code skellam(l1=…,l2=…,mu=…)}. */
    public static String mechanismName(double delta1, double delta2, double mu) {
        checkParameters(delta1, delta2, mu);
        return "skellam(l1=" + delta1 + ",l2=" + delta2 + ",mu=" + mu + ")";
    }

    static void checkParameters(double delta1, double delta2, double mu) {
        Checks.positive("L1 sensitivity delta1", delta1);
        Checks.positive("L2 sensitivity delta2", delta2);
        Checks.positive("Skellam parameter mu", mu);
    }
}
