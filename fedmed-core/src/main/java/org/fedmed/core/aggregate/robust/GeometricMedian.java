package org.fedmed.core.aggregate.robust;

import java.util.Locale;

/**
 * {@code geomed(iters, ν)}: the geometric median, the point minimising Σ_k ‖v − x_k‖, found by the
 * smoothed Weiszfeld iteration of RFA (Pillutla et al. 2019, "Robust aggregation for federated
 * learning"): v ← Σ β_k x_k / Σ β_k with β_k = 1 / max(ν, ‖v − x_k‖), starting at the mean. Its
 * breakdown point is ½: fewer than half the updates, however large, move it a bounded distance. RFA
 * reports that a few iterations suffice; the loop also stops once the objective stops improving.
 * ν keeps a step finite when v lands on an update.
 *
 * @param iterations the most Weiszfeld steps
 * @param nu         the smoothing ν > 0
 */
public record GeometricMedian(int iterations, double nu) implements VectorRule {

    /**
     * Stop once a step improves the objective by less than this share: near the minimum the objective
     * is flat (quadratic), so a share of 1e-10 still leaves the point about 1e-5 of the spread away.
     */
    private static final double TOLERANCE = 1e-10;

    public GeometricMedian {
        if (iterations < 1) {
            throw new IllegalArgumentException("aggregator geomed needs iters ≥ 1, got " + iterations);
        }
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("aggregator geomed needs a smoothing nu > 0, got " + nu);
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "geomed(iters=%d, ν=%s)", iterations, nu);
    }

    @Override
    public float[] combine(float[][] deltas) {
        int n = deltas.length;
        int d = deltas[0].length;
        float[] mean = Vectors.mean(deltas, Vectors.all(n));
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = mean[i];
        }
        double objective = objective(deltas, v);
        for (int it = 0; it < iterations; it++) {
            double[] next = new double[d];
            double total = 0;
            for (float[] x : deltas) {
                double beta = 1 / Math.max(nu, Math.sqrt(distanceSquared(v, x)));
                total += beta;
                for (int i = 0; i < d; i++) {
                    next[i] += beta * x[i];
                }
            }
            for (int i = 0; i < d; i++) {
                next[i] /= total;
            }
            double after = objective(deltas, next);
            v = next;
            if (objective - after <= TOLERANCE * objective) {
                break;
            }
            objective = after;
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double distanceSquared(double[] v, float[] x) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double z = v[i] - x[i];
            s += z * z;
        }
        return s;
    }

    private static double objective(float[][] xs, double[] v) {
        double s = 0;
        for (float[] x : xs) {
            s += Math.sqrt(distanceSquared(v, x));
        }
        return s;
    }
}
