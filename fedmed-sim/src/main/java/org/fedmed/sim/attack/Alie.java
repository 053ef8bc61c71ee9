package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/**
 * "A little is enough" (Baruch et al. 2019): every malicious site sends, per coordinate, the mean of
 * the group's honest deltas minus z times their standard deviation. The shift is small enough to
 * pass for an honest update, so median, trimmed mean and Krum keep it, yet it biases every coordinate
 * the same way round after round.
 *
 * @param z how many standard deviations to shift; {@link #z(int, int)} is the paper's choice
 */
public record Alie(double z) implements Attack {

    @Override
    public double parameter() {
        return z;
    }

    @Override
    public String name() {
        return "alie";
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return GroupStatistics.of(round.group().get()).shifted(round.global(), z);
    }

    /**
     * The paper's z for n sites of which f are malicious: s = ⌊n/2 + 1⌋ − f honest sites must be
     * won over, and z is the normal quantile Φ⁻¹((n − s)/n) (Baruch et al. 2019, Algorithm 3).
     */
    public static double z(int n, int f) {
        int s = n / 2 + 1 - f;
        double p = (double) (n - s) / n;
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("alie's z is undefined for " + n + " sites with " + f + " malicious (s = " + s
                    + "): give z explicitly, e.g. alie:1.0");
        }
        return inverseNormal(p);
    }

    /** Φ⁻¹(p), Acklam's rational approximation (relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
