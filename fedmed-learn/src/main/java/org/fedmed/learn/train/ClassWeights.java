package org.fedmed.learn.train;

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
        java.util.Arrays.fill(w, 1f);
        return w;
    }
}
