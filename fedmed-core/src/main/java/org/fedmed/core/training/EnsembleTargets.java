package org.fedmed.core.training;

import java.util.Arrays;
import java.util.List;

/**
 * The soft targets of an ensemble, as FedDF forms them: the members' logits averaged, divided by the
 * temperature, through a softmax. A member's log-probabilities are its logits minus a per-example
 * constant, which the softmax ignores, so averaging log-probabilities averages logits; that lets the
 * ensemble be formed from {@link Predictions}, which is all a {@link LocalTrainer} returns.
 */
public final class EnsembleTargets {

    /** Probabilities below this count as this (a float softmax may round a confident class's rivals to 0). */
    private static final double FLOOR = 1e-30;

    private EnsembleTargets() {
    }

    /** Per example, softmax(mean over members of log p / T); every member must predict the same examples and classes. */
    public static float[] soften(List<Predictions> members, double temperature) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        int k = members.get(0).numClasses();
        int n = members.get(0).size();
        for (Predictions p : members) {
            if (p.numClasses() != k || p.size() != n) {
                throw new IllegalArgumentException("ensemble members disagree: " + n + " x " + k + " against " + p.size() + " x "
                        + p.numClasses());
            }
        }
        float[] out = new float[n * k];
        double[] z = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(z, 0);
            for (Predictions p : members) {
                float[] pr = p.probabilities();
                for (int c = 0; c < k; c++) {
                    z[c] += Math.log(Math.max(pr[i * k + c], FLOOR)) / members.size();
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                z[c] /= temperature;
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < k; c++) {
                out[i * k + c] = (float) (z[c] / sum);
            }
        }
        return out;
    }
}
