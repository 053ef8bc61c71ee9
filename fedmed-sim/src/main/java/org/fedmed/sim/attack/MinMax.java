package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/**
 * The aggregation-agnostic attacks of Shejwalkar and Houmansadr (NDSS 2021, "Manipulating the
 * Byzantine: optimizing model poisoning attacks and defenses for federated learning"). The colluding
 * sites take the mean μ of their honest deltas and push it against the coordinate-wise standard
 * deviation σ ("inverse std" perturbation): m = μ − γ·σ, with γ as large as it can be while m still
 * looks like one of them:
 * <ul>
 *   <li>{@code min_max}: m's largest distance to any of the honest deltas is at most the largest
 *       distance between two of them;</li>
 *   <li>{@code min_sum}: m's sum of squared distances to the honest deltas is at most the largest
 *       such sum of any one of them.</li>
 * </ul>
 * γ is found by the paper's halving search from {@code gammaInit}. Unlike ALIE's fixed z, γ adapts to
 * the spread of this round's updates, the most a distance-based rule (Krum, Bulyan, the median) can
 * be made to accept. With a single malicious site the group's spread is 0 and so is γ: colluders need
 * at least two honest updates to measure it.
 */
public record MinMax(boolean sum, double gammaInit) implements Attack {

    public static final double DEFAULT_GAMMA = 10;
    private static final double TOLERANCE = 1e-5;

    @Override
    public String name() {
        return sum ? "min_sum" : "min_max";
    }

    @Override
    public double parameter() {
        return gammaInit;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        GroupStatistics g = GroupStatistics.of(round.group().get());
        return g.shifted(round.global(), largestGamma(g.rows(), g.mean(), g.std()));
    }

    /** The paper's search: step γ up while m passes, down while it fails, halving the step each time. */
    double largestGamma(float[][] x, double[] mean, double[] std) {
        double bound = bound(x);
        double gamma = gammaInit;
        double step = gammaInit / 2;
        double best = 0;
        while (step > TOLERANCE) {
            if (score(x, mean, std, gamma) <= bound) {
                best = Math.max(best, gamma);
                gamma += step;
            } else {
                gamma -= step;
            }
            step /= 2;
        }
        return best;
    }

    /** min_max: the largest pairwise distance; min_sum: the largest sum of squared distances from one update to the others. */
    private double bound(float[][] x) {
        double b = 0;
        for (int a = 0; a < x.length; a++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) {
                double d = squaredDistance(x[a], x[c]);
                s = sum ? s + d : Math.max(s, d);
            }
            b = Math.max(b, s);
        }
        return b;
    }

    private double score(float[][] x, double[] mean, double[] std, double gamma) {
        double s = 0;
        for (float[] row : x) {
            double d = 0;
            for (int i = 0; i < row.length; i++) {
                double e = mean[i] - gamma * std[i] - row[i];
                d += e * e;
            }
            s = sum ? s + d : Math.max(s, d);
        }
        return s;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double e = (double) a[i] - b[i];
            s += e * e;
        }
        return s;
    }
}
