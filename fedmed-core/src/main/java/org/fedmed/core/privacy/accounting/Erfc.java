package org.fedmed.core.privacy.accounting;

/**
 * The complementary error function and its logarithm, accurate to a few ulps over the whole real
 * line. The sampled-Gaussian RDP for fractional orders needs {@code log erfc(x)} for arguments far
 * beyond where {@code erfc} itself underflows (x > 26.5), so the large-x branch works in log space
 * throughout.
 *
 * <p>Method: for |x| < 1.25, erf from its Maclaurin series in the all-positive form
 * erf(x) = 2/√π · e^{−x²} · Σ_n (2x²)^n x / (1·3·…·(2n+1)) (no cancellation between terms), and
 * erfc = 1 − erf, which loses at most ~4 bits there because erfc(1.25) ≈ 0.077. For x ≥ 1.25,
 * erfc(x) = Γ(½, x²)/√π with the upper incomplete gamma from its Legendre continued fraction
 * (A&amp;S 6.5.31), evaluated by the modified Lentz algorithm; that fraction converges quickly once
 * x² exceeds a + 1 = 1.5. Negative x uses erfc(−x) = 2 − erfc(x).
 */
public final class Erfc {

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    /** Below this the series is used, above it the continued fraction (see class comment). */
    private static final double SERIES_LIMIT = 1.25;
    /** Beyond this x, erfc(x)·x·√π·e^{x²} = 1 − O(1/x²) equals 1 in double precision. */
    private static final double ASYMPTOTIC_LIMIT = 1e8;
    private static final double TINY = 1e-300;
    private static final double EPS = 1e-16;
    private static final int MAX_ITERATIONS = 10_000;

    private Erfc() {
    }

    /** erfc(x) = 1 − erf(x) = 2/√π ∫_x^∞ e^{−t²} dt. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x < SERIES_LIMIT) {
            return 1.0 - erfSeries(x);
        }
        return Math.exp(logErfcLarge(x));
    }

    /** log(erfc(x)), finite for every finite x (erfc is positive everywhere). */
    public static double logErfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < SERIES_LIMIT) {
            // erfc(x) ≥ 0.077 here (and ≤ 2), so taking the log of the value loses nothing.
            return Math.log(erfc(x));
        }
        return logErfcLarge(x);
    }

    /** erf(x) for 0 ≤ x < 1.25 from the positive-term series. */
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term <= EPS * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** log erfc(x) for x ≥ 1.25: −x² + log(x·F(x²)) − log √π, F the continued fraction. */
    private static double logErfcLarge(double x) {
        if (x > ASYMPTOTIC_LIMIT) {
            return -x * x - Math.log(x) - LOG_SQRT_PI;
        }
        double big = x * x;
        return -big + Math.log(x * gammaHalfFraction(big)) - LOG_SQRT_PI;
    }

    /**
     * F(X) with Γ(½, X) = e^{−X} X^{½} F(X), F(X) = 1/(X+½− 1·½/(X+5/2− 2·(3/2)/(X+9/2− …))),
     * i.e. the even contraction of A&amp;S 6.5.31 with a = ½, by the modified Lentz method.
     */
    private static double gammaHalfFraction(double big) {
        final double a = 0.5;
        double b = big + 1.0 - a;
        double c = 1.0 / TINY;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("erfc continued fraction did not converge for x² = " + big);
    }
}
