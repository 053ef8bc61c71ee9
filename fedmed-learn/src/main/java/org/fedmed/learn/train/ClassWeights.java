package org.fedmed.learn.train;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.training.TrainingConfig;

/** Per-class loss weights. */
public final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * Inverse-frequency weights {@code n / (k · count_c)} from a site's own labels (the "balanced"
     * weighting): a class that makes up 1/k of the data gets weight 1, rarer classes more. Classes
     * absent from {@code labels} get weight 0 (they never occur in the loss). Over the whole data
     * set the weights average to 1: Σᵢ w_{yᵢ} = n.
     */
    public static float[] inverseFrequency(int[] labels, int numClasses) {
        long[] counts = new long[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        float[] w = new float[numClasses];
        for (int c = 0; c < numClasses; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) labels.length / ((double) numClasses * counts[c]));
        }
        return w;
    }

    /** All ones. */
    public static float[] uniform(int numClasses) {
        float[] w = new float[numClasses];
        Arrays.fill(w, 1f);
        return w;
    }

    /** Loss weight per class for a fit: uniform, balanced from the labels, or (DP-SGD) the private weights the config carries. */
    public static float[] forTraining(TrainingConfig config, int[] labels, int k) {
        if (!config.balanceClasses()) {
            return uniform(k);
        }
        if (config.dpSgd() == null) {
            return inverseFrequency(labels, k);
        }
        List<Double> w = config.dpSgd().classWeights();
        if (w.size() != k) {
            throw new IllegalArgumentException("DP-SGD with class balancing needs " + k + " class weights from noisy class counts "
                    + "(see DpSgd.withClassWeights), got " + w.size() + "; weights fitted on the exact labels would not be private");
        }
        float[] out = new float[k];
        for (int c = 0; c < k; c++) {
            out[c] = w.get(c).floatValue();
        }
        return out;
    }

    /** One-hot rows scaled by the class weight of each example's label: the loss targets. */
    public static float[] weightedOneHot(int[] labels, int k, float[] classWeights) {
        float[] t = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            t[i * k + labels[i]] = classWeights[labels[i]];
        }
        return t;
    }
}
