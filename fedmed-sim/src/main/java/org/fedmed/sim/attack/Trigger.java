package org.fedmed.sim.attack;

import java.util.Arrays;
import org.fedmed.core.data.LabeledSamples;

/**
 * A backdoor trigger: a few feature positions set to one value. Tabular data: the last three
 * features set to twice the largest magnitude they take in the reference data (a value no real
 * record has). Images: a 3×3 square in the bottom-right corner of every channel set to the brightest
 * pixel value of the reference data.
 *
 * @param positions flat feature indices the trigger overwrites
 * @param value     what they are set to
 * @param describe  the trigger in words, for the report
 */
public record Trigger(int[] positions, float value, String describe) {

    static final int TABULAR_FEATURES = 3;
    static final int SQUARE = 3;

    public Trigger {
        positions = positions.clone();
    }

    /** The dataset's trigger, its value taken from {@code reference} (the pooled training data). */
    public static Trigger forData(LabeledSamples reference) {
        int[] shape = reference.featureShape();
        float[] x = reference.features();
        int fs = reference.featureSize();
        if (shape.length >= 2 && shape[shape.length - 1] >= SQUARE && shape[shape.length - 2] >= SQUARE) {
            int w = shape[shape.length - 1];
            int h = shape[shape.length - 2];
            int channels = fs / (w * h);
            int[] pos = new int[channels * SQUARE * SQUARE];
            int k = 0;
            for (int c = 0; c < channels; c++) {
                for (int r = h - SQUARE; r < h; r++) {
                    for (int col = w - SQUARE; col < w; col++) {
                        pos[k++] = c * h * w + r * w + col;
                    }
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (float v : x) {
                max = Math.max(max, v);
            }
            return new Trigger(pos, max, SQUARE + "x" + SQUARE + " bright square (" + max + ") in the bottom-right corner");
        }
        int n = Math.min(TABULAR_FEATURES, fs);
        int[] pos = new int[n];
        float extreme = 0;
        for (int j = 0; j < n; j++) {
            pos[j] = fs - n + j;
            for (int i = 0; i < reference.size(); i++) {
                extreme = Math.max(extreme, Math.abs(x[i * fs + pos[j]]));
            }
        }
        float value = 2 * Math.max(extreme, 1f);
        return new Trigger(pos, value, "features " + Arrays.toString(pos) + " set to " + value);
    }

    /** Copies of {@code data} with the trigger stamped on every example and every label set to {@code target}. */
    public LabeledSamples stamp(LabeledSamples data, int target) {
        float[] f = data.features().clone();
        int fs = data.featureSize();
        for (int i = 0; i < data.size(); i++) {
            for (int p : positions) {
                f[i * fs + p] = value;
            }
        }
        int[] y = new int[data.size()];
        Arrays.fill(y, target);
        return new LabeledSamples(data.featureShape(), f, y, data.classNames());
    }

    @Override
    public int[] positions() {
        return positions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trigger t && Arrays.equals(positions, t.positions) && value == t.value;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(positions) + Float.hashCode(value);
    }
}
