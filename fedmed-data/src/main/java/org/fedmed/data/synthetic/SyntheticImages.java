package org.fedmed.data.synthetic;

import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;

/**
 * Synthetic labelled grey-scale images with a known answer: data for the training tests and the
 * training benchmarks without a dataset on disk. Seeded, so the same arguments give the same images.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * {@code n} images of 1×{@code side}×{@code side}, two balanced classes: class 1 has a brighter
     * centre square than class 0, both with Gaussian pixel noise (σ = {@code noise}).
     */
    public static LabeledSamples centreSquare(int n, int side, double noise, long seed) {
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

    /** Bright (class 1, mean 0.75) versus dark (class 0, mean 0.25) images with uniform noise. */
    public static LabeledSamples brightVersusDark(int n, int side, long seed) {
        Random rnd = new Random(seed);
        int fs = side * side;
        float[] f = new float[n * fs];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(2);
            float mean = y[i] == 1 ? 0.75f : 0.25f;
            for (int j = 0; j < fs; j++) {
                f[i * fs + j] = mean + (rnd.nextFloat() - 0.5f) * 0.4f;
            }
        }
        return new LabeledSamples(new int[] {1, side, side}, f, y, List.of("dark", "bright"));
    }
}
