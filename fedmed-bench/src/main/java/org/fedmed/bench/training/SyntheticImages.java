package org.fedmed.bench.training;

import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;

/**
 * The benchmarks' training data: synthetic labelled grey-scale images, so no dataset is needed. The
 * training tests in fedmed-learn keep their own copy (tests cannot depend on this module).
 */
final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * {@code n} images of 1×{@code side}×{@code side}, two balanced classes: class 1 has a brighter
     * centre square than class 0, both with Gaussian pixel noise (σ = {@code noise}).
     */
    static LabeledSamples centreSquare(int n, int side, double noise, long seed) {
        Random rnd = new Random(seed);
        int fs = side * side;
        float[] f = new float[n * fs];
        int[] y = new int[n];
        int lo = side / 4;
        int hi = side - side / 4;
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int base = i * fs;
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    boolean centre = r >= lo && r < hi && c >= lo && c < hi;
                    double v = (centre && y[i] == 1 ? 0.8 : 0.2) + noise * rnd.nextGaussian();
                    f[base + r * side + c] = (float) v;
                }
            }
        }
        return new LabeledSamples(new int[] {1, side, side}, f, y, List.of("plain", "square"));
    }
}
