package org.fedmed.core.privacy.audit;

/**
 * The regularized incomplete beta function I_x(a, b) and its inverse in x, which is all the
 * Clopper–Pearson interval needs. I_x is evaluated by its continued fraction with the modified
 * Lentz method, the approach of Numerical Recipes (Press et al., 3rd ed., §6.4): the fraction
 * converges quickly for x < (a + 1)/(a + b + 2), and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
 * covers the other side. The inverse is found by bisection, which is slow but cannot diverge, and
 * an audit calls it a few thousand times at most.
 */
public final class IncompleteBeta {

    private static final int MAX_TERMS = 10_000;
    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;

    private IncompleteBeta() {
    }

    /** I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
    public static double regularized(double x, double a, double b) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("the beta function needs a > 0 and b > 0, got a = " + a + ", b = " + b);
        }
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("x must lie in [0, 1], got " + x);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        // the prefactor x^a (1−x)^b / (a B(a, b)), in logs so large a and b do not overflow
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * continuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * continuedFraction(1 - x, b, a) / b;
    }

    /** The x with I_x(a, b) = p, to about 1e-12. */
    public static double inverse(double p, double a, double b) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must lie in [0, 1], got " + p);
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60 && hi - lo > 1e-14; i++) {
            double mid = 0.5 * (lo + hi);
            if (regularized(mid, a, b) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** log B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b). */
    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /**
     * lnΓ(z) for z > 0 by the Lanczos approximation with g = 7 and nine coefficients (the widely
     * published set, relative error below 1e-15), using the reflection-free form valid for z ≥ 0.5
     * and the recurrence Γ(z) = Γ(z + 1)/z below it.
     */
    static double logGamma(double z) {
        if (z < 0.5) {
            return logGamma(z + 1) - Math.log(z);
        }
        double x = LANCZOS[0];
        double zm1 = z - 1;
        for (int i = 1; i < LANCZOS.length; i++) {
            x += LANCZOS[i] / (zm1 + i);
        }
        double t = zm1 + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (zm1 + 0.5) * Math.log(t) - t + Math.log(x);
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** The continued fraction for I_x(a, b), evaluated by modified Lentz. */
    private static double continuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = 1 / nonZero(d);
        double h = d;
        for (int m = 1; m <= MAX_TERMS; m++) {
            int m2 = 2 * m;
            // even step
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            h *= d * c;
            // odd step
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("the incomplete beta continued fraction did not converge for x = " + x
                + ", a = " + a + ", b = " + b);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }
}
