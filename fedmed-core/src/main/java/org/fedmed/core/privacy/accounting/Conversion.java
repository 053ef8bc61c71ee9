package org.fedmed.core.privacy.accounting;

/**
 * How an RDP guarantee (α, r) becomes an (ε, δ) guarantee. Each constant gives ε for a target δ
 * and, the other way round, log δ for a target ε, at a single order; {@link RdpConversions} takes
 * the best order.
 */
public enum Conversion {

    /**
     * Mironov 2017 ("Rényi Differential Privacy", Proposition 3): ε = r + log(1/δ)/(α − 1), or
     * equivalently δ = e^{(α−1)(r − ε)}. What TF Privacy used before 2021 and most papers quote.
     */
    CLASSIC {
        @Override
        double epsilon(double alpha, double rdp, double delta) {
            return rdp + Math.log(1.0 / delta) / (alpha - 1.0);
        }

        @Override
        double logDelta(double alpha, double rdp, double epsilon) {
            return (alpha - 1.0) * (rdp - epsilon);
        }
    },

    /**
     * Balle, Barthe, Gaboardi, Hsu &amp; Sato 2020 ("Hypothesis Testing Interpretations and Rényi
     * Differential Privacy", Theorem 21; also Asoodeh et al. 2020): ε = r + log((α−1)/α)
     * − (log δ + log α)/(α − 1), never larger than {@link #CLASSIC} because log((α−1)/α) &lt; 0 and
     * log α &gt; 0. As in TF Privacy / dp_accounting since 2021, it is combined with a
     * total-variation bound: Rényi divergence grows with α, so D_KL ≤ r, and by the
     * Bretagnolle–Huber inequality TV ≤ √(1 − e^{−D_KL}); when δ ≥ √(1 − e^{−r}) the mechanism is
     * already (0, δ)-DP.
     */
    IMPROVED {
        @Override
        double epsilon(double alpha, double rdp, double delta) {
            if (delta * delta + Math.expm1(-rdp) >= 0.0) {
                return 0.0;
            }
            return rdp + Math.log1p(-1.0 / alpha) - (Math.log(delta) + Math.log(alpha)) / (alpha - 1.0);
        }

        @Override
        double logDelta(double alpha, double rdp, double epsilon) {
            double tvBound = rdp == 0.0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log(-Math.expm1(-rdp));
            double rdpBound = (alpha - 1.0) * (rdp - epsilon + Math.log1p(-1.0 / alpha)) - Math.log(alpha);
            return Math.min(tvBound, rdpBound);
        }
    };

    /** ε at one order for target δ (may exceed the final answer, which is the min over orders). */
    abstract double epsilon(double alpha, double rdp, double delta);

    /** log δ at one order for target ε. */
    abstract double logDelta(double alpha, double rdp, double epsilon);
}
