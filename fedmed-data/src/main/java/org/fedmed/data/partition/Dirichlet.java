package org.fedmed.data.partition;

import java.util.Random;

/**
 * Seeded Gamma and symmetric Dirichlet sampling. Gamma uses Marsaglia and Tsang's method (2000);
 * shapes below 1 use the boost Gamma(a) = Gamma(a + 1) * U^(1/a). Work is done in log space so that
 * tiny concentrations (alpha = 0.01, where U^(1/a) underflows to 0) still give valid proportions.
 */
public final class Dirichlet {

    private Dirichlet() {
    }

    /** log of a Gamma(shape, 1) draw. */
    public static double logGamma(double shape, Random rng) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("gamma shape must be positive, got " + shape);
        }
        if (shape < 1) {
            double u = 1.0 - rng.nextDouble(); // in (0, 1]
            return logGamma(shape + 1, rng) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }

    /** A Gamma(shape, 1) draw. */
    public static double gamma(double shape, Random rng) {
        return Math.exp(logGamma(shape, rng));
    }

    /** Proportions over {@code k} parts drawn from the symmetric Dirichlet(alpha, ..., alpha). */
    public static double[] sample(double alpha, int k, Random rng) {
        double[] logs = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logs[i] = logGamma(alpha, rng);
            max = Math.max(max, logs[i]);
        }
        double total = 0;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logs[i] - max);
            total += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= total;
        }
        return p;
    }

    /** Splits {@code n} items into parts proportional to {@code p} (cumulative rounding; sums to n). */
    static int[] allocate(int n, double[] p) {
        int[] counts = new int[p.length];
        double cumulative = 0;
        int previous = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            int boundary = i == p.length - 1 ? n : (int) Math.min(n, Math.round(n * cumulative));
            counts[i] = boundary - previous;
            previous = boundary;
        }
        return counts;
    }
}
