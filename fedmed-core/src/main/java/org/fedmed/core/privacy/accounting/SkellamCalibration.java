package org.fedmed.core.privacy.accounting;

import org.fedmed.core.secure.QuantizedSensitivity;

/**
 * How much Skellam noise each site must add so that T rounds of secure aggregation stay within
 * (ε, δ), accounting the worst case the dropout threshold allows.
 *
 * <p>The threshold effect: each of n sites adds Sk(μ_site); the secure sum of the t sites that
 * survive a round carries Sk(t·μ_site) (Poisson is closed under summation). The protocol aborts
 * below its threshold, so a round that is released has at least t honest contributions, and the
 * accounting must assume no more than that: μ = t·μ_site is the noise we account for, hence
 * μ_site = μ / t. When all n sites contribute, the sum carries n·μ_site = μ·n/t, more than needed.
 * "Honest" matters: a site that colludes with the coordinator can subtract its own noise, so t is
 * the guaranteed number of non-colluding contributors, not the number of sites expected to answer.
 *
 * <p>Sensitivities come from conditional rounding ({@link QuantizedSensitivity}); the privacy curve
 * from {@link SkellamRdp}, without amplification by sampling; the (ε, δ) from {@link
 * RdpConversions}. μ is found by bisection, since ε decreases as μ grows.
 *
 * @param sensitivity   (Δ1, Δ2) of one site's rounded contribution, integer units
 * @param mu            the total μ the accounting assumes on every released sum (t·μ_site)
 * @param muPerSite     what each site adds: Sk(μ_site) per coordinate, μ_site = μ / t
 * @param muAllSites    the noise on the sum when all n sites contribute, n·μ_site
 * @param sites         n, the sites asked to contribute each round
 * @param honestMinimum t, the guaranteed minimum of honest contributors in a released sum
 * @param rounds        T, the number of releases accounted
 * @param spent         the (ε, δ) that T releases at μ give
 */
public record SkellamCalibration(QuantizedSensitivity sensitivity, double mu, double muPerSite, double muAllSites,
                                 int sites, int honestMinimum, long rounds, PrivacySpent spent) {

    /** Relative width at which the bisection stops: the returned μ is at most this much too large. */
    static final double RELATIVE_PRECISION = 1e-9;

    /**
     * Calibrates for clip c, scale s and dimension d (conditional rounding at β = e^{−1/2}), over the
     * default RDP orders with the improved conversion.
     */
    public static SkellamCalibration calibrate(double clip, double scale, int dimension, long rounds,
                                               double epsilon, double delta, int sites, int honestMinimum) {
        return calibrate(QuantizedSensitivity.of(clip, scale, dimension), rounds, epsilon, delta, sites,
                honestMinimum, SampledGaussianRdp.defaultOrders(), Conversion.IMPROVED);
    }

    /** Calibrates for given sensitivities, orders and conversion. */
    public static SkellamCalibration calibrate(QuantizedSensitivity sensitivity, long rounds, double epsilon,
                                               double delta, int sites, int honestMinimum, double[] orders,
                                               Conversion conversion) {
        if (sites < 1) {
            throw new IllegalArgumentException("number of sites n must be at least 1, got " + sites);
        }
        if (honestMinimum < 1 || honestMinimum > sites) {
            throw new IllegalArgumentException("honest minimum t must be in 1..n=" + sites + ", got " + honestMinimum);
        }
        double mu = minimumMu(sensitivity.l1(), sensitivity.l2(), rounds, epsilon, delta, orders, conversion);
        double perSite = mu / honestMinimum;
        return new SkellamCalibration(sensitivity, mu, perSite, perSite * sites, sites, honestMinimum, rounds,
                spent(sensitivity.l1(), sensitivity.l2(), mu, rounds, delta, orders, conversion));
    }

    /** The (ε, δ) of {@code rounds} Skellam releases with total parameter μ. */
    public static PrivacySpent spent(double delta1, double delta2, double mu, long rounds, double delta,
                                     double[] orders, Conversion conversion) {
        return RdpConversions.epsilon(orders, SkellamRdp.rdp(delta1, delta2, mu, rounds, orders), delta, conversion);
    }

    /**
     * The smallest total μ (to a relative {@value #RELATIVE_PRECISION}, rounded up) for which
     * {@code rounds} releases give ε ≤ {@code epsilon} at δ. Refused when no μ reaches the target:
     * with {@link Conversion#CLASSIC}, ε never drops below log(1/δ)/(α_max − 1).
     */
    public static double minimumMu(double delta1, double delta2, long rounds, double epsilon, double delta,
                                   double[] orders, Conversion conversion) {
        SkellamRdp.checkParameters(delta1, delta2, 1.0);
        Checks.epsilon(epsilon);
        Checks.delta(delta);
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds T must be at least 1, got " + rounds);
        }
        // Start at the variance of a Gaussian with σ = 1 per unit of Δ2 and bracket the answer.
        double hi = delta2 * delta2;
        while (eps(delta1, delta2, hi, rounds, delta, orders, conversion) > epsilon) {
            hi *= 2;
            if (hi > 1e300) {
                throw new IllegalArgumentException("no Skellam parameter mu reaches epsilon=" + epsilon + " at delta="
                        + delta + " over these orders with the " + conversion + " conversion");
            }
        }
        // ε grows without bound as μ → 0 (the first term is α·Δ2²/(4μ)), so halving ends.
        double lo = hi;
        do {
            lo /= 2;
        } while (eps(delta1, delta2, lo, rounds, delta, orders, conversion) <= epsilon);
        while (hi > lo * (1 + RELATIVE_PRECISION)) {
            double mid = Math.sqrt(lo * hi); // geometric: μ spans many orders of magnitude
            if (eps(delta1, delta2, mid, rounds, delta, orders, conversion) <= epsilon) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static double eps(double delta1, double delta2, double mu, long rounds, double delta, double[] orders,
                              Conversion conversion) {
        return spent(delta1, delta2, mu, rounds, delta, orders, conversion).epsilon();
    }
}
