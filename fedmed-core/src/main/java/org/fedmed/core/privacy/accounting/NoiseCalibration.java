package org.fedmed.core.privacy.accounting;

import java.util.Arrays;

/**
 * Inverse problems of the accountant: the least noise for a budget, and the most steps a budget
 * affords. Both lean on ε being monotone — decreasing in σ (RDP is, order by order) and
 * increasing in the number of steps (RDP adds up) — so bisection is safe. Each optionally starts
 * from privacy already spent ({@code priorRdp}), which is how a site with a history asks "how much
 * noise for the rest of my budget?".
 */
public final class NoiseCalibration {

    /** Noise multipliers above this are treated as "budget unreachable" (the model would be noise). */
    public static final double MAX_NOISE_MULTIPLIER = 1e4;
    /** Smallest multiplier calibration returns; budgets met even here get this value. */
    public static final double MIN_NOISE_MULTIPLIER = 1e-3;
    /** Bisection stops when the bracket is this narrow relative to σ. */
    public static final double RELATIVE_TOLERANCE = 1e-6;

    private NoiseCalibration() {
    }

    /** {@link #noiseMultiplier(double[], double[], double, long, double, double, Conversion)} from scratch, default orders. */
    public static double noiseMultiplier(double q, long steps, double epsilon, double delta, Conversion conversion) {
        double[] orders = SampledGaussianRdp.defaultOrders();
        return noiseMultiplier(orders, new double[orders.length], q, steps, epsilon, delta, conversion);
    }

    /**
     * The smallest noise multiplier σ (to {@link #RELATIVE_TOLERANCE}, always rounded towards the
     * safe side) such that {@code priorRdp} followed by {@code steps} steps at sampling rate q is
     * (ε, δ)-DP. Returns 0 when q = 0 or steps = 0: no noise is needed for what never runs.
     *
     * @throws IllegalArgumentException if even σ = {@link #MAX_NOISE_MULTIPLIER} misses the budget,
     *     e.g. because the prior spending alone exceeds it, or because with these orders no σ can
     *     go below the conversion's floor (CLASSIC: ε ≥ log(1/δ)/(α_max − 1))
     */
    public static double noiseMultiplier(double[] orders, double[] priorRdp, double q, long steps,
                                         double epsilon, double delta, Conversion conversion) {
        double[] alphas = Checks.orders(orders);
        Checks.sameLength(alphas, priorRdp);
        Checks.samplingRate(q);
        Checks.steps(steps);
        Checks.epsilon(epsilon);
        Checks.delta(delta);
        if (q == 0.0 || steps == 0) {
            return 0.0;
        }
        double spentAtMax = epsilonAfter(alphas, priorRdp, q, MAX_NOISE_MULTIPLIER, steps, delta, conversion);
        if (spentAtMax > epsilon) {
            throw new IllegalArgumentException("budget (epsilon=" + epsilon + ", delta=" + delta
                    + ") is unreachable: even noise multiplier " + MAX_NOISE_MULTIPLIER + " spends epsilon="
                    + spentAtMax + " over " + steps + " steps at q=" + q);
        }
        // Bracket: lo infeasible (or the floor), hi feasible, by doubling/halving from σ = 1.
        double lo;
        double hi;
        if (epsilonAfter(alphas, priorRdp, q, 1.0, steps, delta, conversion) <= epsilon) {
            hi = 1.0;
            lo = 0.5;
            while (epsilonAfter(alphas, priorRdp, q, lo, steps, delta, conversion) <= epsilon) {
                hi = lo;
                if (lo <= MIN_NOISE_MULTIPLIER) {
                    return MIN_NOISE_MULTIPLIER;
                }
                lo = Math.max(MIN_NOISE_MULTIPLIER, lo / 2.0);
            }
        } else {
            lo = 1.0;
            hi = 2.0;
            while (epsilonAfter(alphas, priorRdp, q, hi, steps, delta, conversion) > epsilon) {
                lo = hi;
                hi = Math.min(MAX_NOISE_MULTIPLIER, hi * 2.0);
            }
        }
        while (hi - lo > RELATIVE_TOLERANCE * hi) {
            double mid = 0.5 * (lo + hi);
            if (epsilonAfter(alphas, priorRdp, q, mid, steps, delta, conversion) <= epsilon) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** {@link #maxSteps(double[], double[], double, double, double, double, Conversion)} from scratch, default orders. */
    public static long maxSteps(double q, double sigma, double epsilon, double delta, Conversion conversion) {
        double[] orders = SampledGaussianRdp.defaultOrders();
        return maxSteps(orders, new double[orders.length], q, sigma, epsilon, delta, conversion);
    }

    /**
     * The largest number of further steps at (q, σ) after {@code priorRdp} that stays within
     * (ε, δ); 0 if not even one fits, {@link Long#MAX_VALUE} if steps cost nothing (q = 0).
     */
    public static long maxSteps(double[] orders, double[] priorRdp, double q, double sigma,
                                double epsilon, double delta, Conversion conversion) {
        double[] alphas = Checks.orders(orders);
        Checks.sameLength(alphas, priorRdp);
        Checks.samplingRate(q);
        Checks.noiseMultiplier(sigma);
        Checks.epsilon(epsilon);
        Checks.delta(delta);
        double[] perStep = SampledGaussianRdp.rdp(q, sigma, 1, alphas);
        if (Arrays.stream(perStep).allMatch(r -> r == 0.0)) {
            return Long.MAX_VALUE;
        }
        if (spent(alphas, priorRdp, perStep, 1, delta, conversion) > epsilon) {
            return 0;
        }
        long lo = 1; // known to fit
        long hi = 2;
        while (spent(alphas, priorRdp, perStep, hi, delta, conversion) <= epsilon) {
            lo = hi;
            if (hi > Long.MAX_VALUE / 4) {
                return lo; // astronomically many; more precision is meaningless
            }
            hi *= 2;
        }
        while (hi - lo > 1) { // invariant: lo fits, hi does not
            long mid = lo + (hi - lo) / 2;
            if (spent(alphas, priorRdp, perStep, mid, delta, conversion) <= epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double epsilonAfter(double[] orders, double[] priorRdp, double q, double sigma,
                                       long steps, double delta, Conversion conversion) {
        return spent(orders, priorRdp, SampledGaussianRdp.rdp(q, sigma, 1, orders), steps, delta, conversion);
    }

    private static double spent(double[] orders, double[] priorRdp, double[] perStep, long steps,
                                double delta, Conversion conversion) {
        double[] total = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            total[i] = priorRdp[i] + perStep[i] * steps;
        }
        return RdpConversions.epsilon(orders, total, delta, conversion).epsilon();
    }
}
