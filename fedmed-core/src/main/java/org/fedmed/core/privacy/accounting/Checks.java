package org.fedmed.core.privacy.accounting;

/** Argument checks shared by the accounting classes, so every entry point words errors alike. */
public final class Checks {

    private Checks() {
    }

    /** {@code v} must be a finite number &gt; 0: "{@code what} must be a positive number, got v". */
    public static double positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + v);
        }
        return v;
    }

    /** {@code v} must lie in (0, 1) (a δ, a quantile, a fraction): "{@code what} must be in (0, 1), got v". */
    public static double openUnit(String what, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1), got " + v);
        }
        return v;
    }

    public static double samplingRate(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("sampling rate q must be in [0, 1], got " + q);
        }
        return q;
    }

    public static double noiseMultiplier(double sigma) {
        if (!(sigma > 0.0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(
                    "noise multiplier sigma must be a finite number > 0, got " + sigma);
        }
        return sigma;
    }

    public static long steps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        return steps;
    }

    public static double order(double alpha) {
        if (!(alpha > 1.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("RDP order alpha must be a finite number > 1, got " + alpha);
        }
        return alpha;
    }

    public static double delta(double delta) {
        return openUnit("delta", delta);
    }

    public static double epsilon(double epsilon) {
        if (!(epsilon > 0.0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
        }
        return epsilon;
    }

    /** Orders must be valid and distinct-ascending so results are reproducible and comparable. */
    public static double[] orders(double[] orders) {
        if (orders == null || orders.length == 0) {
            throw new IllegalArgumentException("at least one RDP order is required");
        }
        for (int i = 0; i < orders.length; i++) {
            order(orders[i]);
            if (i > 0 && !(orders[i] > orders[i - 1])) {
                throw new IllegalArgumentException("RDP orders must be strictly increasing, got "
                        + orders[i - 1] + " then " + orders[i]);
            }
        }
        return orders.clone();
    }

    public static void sameLength(double[] orders, double[] rdp) {
        if (rdp == null || rdp.length != orders.length) {
            throw new IllegalArgumentException("need one RDP value per order: " + orders.length
                    + " orders, " + (rdp == null ? 0 : rdp.length) + " values");
        }
        for (double r : rdp) {
            if (!(r >= 0.0)) {
                throw new IllegalArgumentException("RDP values must be >= 0 (or +Infinity), got " + r);
            }
        }
    }
}
