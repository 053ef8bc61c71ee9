package org.fedmed.core.privacy.mechanism;

import java.util.function.DoubleSupplier;

/**
 * Exact Poisson sampling and log-probabilities for every mean the Skellam mechanism needs, from
 * below 1 up to {@link #MAX_MEAN} (≈ 4.5e15).
 *
 * <p>Below {@link #MULTIPLICATION_LIMIT} the multiplication method counts uniforms whose running
 * product stays above e^{−μ}: exact, and cheap because it needs about μ + 1 uniforms. Above it we
 * use Hörmann's PTRS, "transformed rejection with squeeze" (W. Hörmann 1993, "The transformed
 * rejection method for generating Poisson random variables", Insurance: Mathematics and Economics
 * 12(1), 39–45): a proposal whose integer cells have width exactly one, a squeeze that accepts
 * about 86% of proposals without any logarithm, and an exact acceptance test against log p(k).
 *
 * <p>Why the care at large μ: the textbook acceptance test evaluates −μ + k·ln μ − ln Γ(k+1),
 * three numbers near 3.5e16 at μ = 1e15 whose difference is about −18, so double cancellation
 * leaves an error of several units in the log and the sampler accepts the wrong shape. {@link
 * #logPmf} instead writes log p(k) = −stirlingError(k) − deviance(k, μ) − ½·ln(2πk) (the form
 * of C. Loader 2000, "Fast and accurate computation of binomial probabilities"), where the
 * deviance k·ln(k/μ) + μ − k is summed as a series in (k−μ)/(k+μ) and never cancels. The
 * proposal is also computed relative to ⌊μ⌋, so the continuous variate is O(√μ) and its rounding
 * error does not move the unit-width cells.
 */
public final class Poisson {

    /** Means below this use the multiplication method; at and above, PTRS (valid for μ ≥ 10). */
    public static final double MULTIPLICATION_LIMIT = 10.0;

    /**
     * The largest mean accepted, 2^52: every k the sampler can return (within ~10^5 standard
     * deviations of μ) stays below 2^53, so k and k − μ are exact doubles in {@link #logPmf}.
     */
    public static final double MAX_MEAN = 0x1p52;

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    /** Below this k the Stirling error comes from an exact table; above, from its series. */
    private static final int STIRLING_TABLE_SIZE = 16;
    private static final double[] STIRLING_ERROR = stirlingTable();

    private Poisson() {
    }

    /**
     * One Poisson(μ) draw; {@code uniform} must return independent uniforms in [0, 1). μ = 0 gives 0.
     */
    public static long sample(double mu, DoubleSupplier uniform) {
        checkMean(mu);
        if (mu == 0.0) {
            return 0;
        }
        return mu < MULTIPLICATION_LIMIT ? multiplication(mu, uniform) : transformedRejection(mu, uniform);
    }

    /** ln P(X = k) for X ~ Poisson(μ), accurate to about 1e-12 absolute up to {@link #MAX_MEAN}. */
    public static double logPmf(long k, double mu) {
        checkMean(mu);
        if (k < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (mu == 0.0) {
            return k == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        if (k == 0) {
            return -mu;
        }
        return -stirlingError(k) - deviance(k, mu) - 0.5 * Math.log(k) - HALF_LOG_TWO_PI;
    }

    static void checkMean(double mu) {
        if (!(mu >= 0.0) || mu > MAX_MEAN) {
            throw new IllegalArgumentException("Poisson mean mu must be in [0, 2^52], got " + mu);
        }
    }

    /** P(k) = P(U_1 ··· U_{k+1} ≤ e^{−μ} < U_1 ··· U_k): k counts the products still above e^{−μ}. */
    private static long multiplication(double mu, DoubleSupplier uniform) {
        double limit = Math.exp(-mu);
        long k = 0;
        double product = uniform.getAsDouble();
        while (product > limit) {
            k++;
            product *= uniform.getAsDouble();
        }
        return k;
    }

    private static long transformedRejection(double mu, DoubleSupplier uniform) {
        // Hörmann's constants for the hat (Table/Algorithm PTRS in the 1993 paper).
        double b = 0.931 + 2.53 * Math.sqrt(mu);
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double squeeze = 0.9277 - 3.6224 / (b - 2);
        long base = (long) Math.floor(mu);
        double offset = (mu - base) + 0.43;
        while (true) {
            double u = uniform.getAsDouble() - 0.5;
            double v = uniform.getAsDouble();
            double us = 0.5 - Math.abs(u);
            if (us <= 0.0) {
                continue; // u = −½ exactly: the transformation has a pole there
            }
            // The cell of k is an interval of width one of this transformation; it is computed
            // relative to ⌊μ⌋ so that its rounding error is that of an O(√μ) number, not of μ.
            double shift = Math.floor((2 * a / us + b) * u + offset);
            if (shift < -base || shift > MAX_MEAN) {
                continue; // k < 0, or so far in the tail that its probability is 0 in double
            }
            long k = base + (long) shift;
            if (us >= 0.07 && v <= squeeze) {
                return k;
            }
            if (us < 0.013 && v > us) {
                continue;
            }
            // Accept with probability p(k) / (hat density at u); G'(u) = a/us² + b exactly.
            if (Math.log(v * invAlpha / (a / (us * us) + b)) <= logPmf(k, mu)) {
                return k;
            }
        }
    }

    /**
     * k·ln(k/μ) + μ − k ≥ 0 without cancellation. With d = k − μ and v = d/(k+μ),
     * k·ln(k/μ) = 2k·(v + v³/3 + v⁵/5 + …), and 2k·v − d = d·v, so the deviance is
     * d·v + 2k·Σ_{j≥1} v^{2j+1}/(2j+1); for |v| &lt; 0.1 the terms shrink a hundredfold each.
     * d is exact: k/μ lies in (0.81, 1.23) there (Sterbenz).
     */
    static double deviance(double k, double mu) {
        double d = k - mu;
        if (Math.abs(d) < 0.1 * (k + mu)) {
            double v = d / (k + mu);
            double v2 = v * v;
            double sum = d * v;
            double term = 2 * k * v;
            for (int j = 1; j < 100; j++) {
                term *= v2;
                double next = sum + term / (2 * j + 1);
                if (next == sum) {
                    break;
                }
                sum = next;
            }
            return sum;
        }
        return k * Math.log(k / mu) + mu - k;
    }

    /** ln k! − [(k + ½)·ln k − k + ½·ln 2π], the error of Stirling's formula (k ≥ 1). */
    static double stirlingError(long k) {
        if (k < STIRLING_TABLE_SIZE) {
            return STIRLING_ERROR[(int) k];
        }
        double x = k;
        double inv2 = 1.0 / (x * x);
        // The Stirling series; for k ≥ 16 the first omitted term, 691/(360360·k^11), is below 1e-16.
        return (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188)))) / x;
    }

    private static double[] stirlingTable() {
        double[] table = new double[STIRLING_TABLE_SIZE];
        double logFactorial = 0.0;
        for (int k = 1; k < STIRLING_TABLE_SIZE; k++) {
            logFactorial += Math.log(k);
            table[k] = logFactorial - ((k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI);
        }
        return table;
    }
}
