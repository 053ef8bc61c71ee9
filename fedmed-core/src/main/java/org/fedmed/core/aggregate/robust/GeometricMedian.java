package org.fedmed.core.aggregate.robust;

import java.util.Locale;

/**
 * {@code geomed(iters, ν)}: the geometric median, the point minimising Σ_k ‖v − x_k‖, found by the
 * smoothed Weiszfeld iteration of RFA (Pillutla et al. 2019, "Robust aggregation for federated
 * learning"): v ← Σ β_k x_k / Σ β_k with β_k = 1 / max(ν, ‖v − x_k‖), starting at the mean. Its
 * breakdown point is ½: fewer than half the updates, however large, move it a bounded distance. RFA
 * reports that a few iterations suffice; the loop also stops once the objective improves by less
 * than a millionth. ν keeps a step finite when v lands on an update.
 *
 * @param iterations the most Weiszfeld steps
 * @param nu         the smoothing ν > 0
 */
public record GeometricMedian(int iterations, double nu) implements RobustRule {

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
        float[] v = Vectors.mean(deltas, Vectors.all(n));
        double objective = objective(deltas, v);
        for (int it = 0; it < iterations; it++) {
            double[] sum = new double[d];
            double total = 0;
            for (float[] x : deltas) {
                double beta = 1 / Math.max(nu, Math.sqrt(Vectors.squaredDistance(v, x)));
                total += beta;
                for (int i = 0; i < d; i++) {
                    sum[i] += beta * x[i];
                }
            }
            float[] next = new float[d];
            for (int i = 0; i < d; i++) {
                next[i] = (float) (sum[i] / total);
            }
            double after = objective(deltas, next);
            v = next;
            if (objective - after <= 1e-6 * objective) {
                break;
            }
            objective = after;
        }
        return v;
    }

    private static double objective(float[][] xs, float[] v) {
        double s = 0;
        for (float[] x : xs) {
            s += Math.sqrt(Vectors.squaredDistance(v, x));
        }
        return s;
    }
}
