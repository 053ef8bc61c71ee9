package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;

/** The signal models learn a shape that only the order of the samples reveals, and refuse input they cannot read. */
class SignalModelsTest {

    private static final int LENGTH = 48;

    /**
     * Class 1: a bump early in the signal; class 0: the same bump late. Both classes have the same
     * multiset of values, so only a model that reads the order (a convolution, a recurrence) tells them apart.
     */
    static LabeledSamples bumps(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n * LENGTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int centre = y[i] == 1 ? 10 + r.nextInt(6) : 32 + r.nextInt(6);
            for (int t = 0; t < LENGTH; t++) {
                double d = t - centre;
                f[i * LENGTH + t] = (float) (Math.exp(-d * d / 8) + 0.1 * r.nextGaussian());
            }
        }
        return new LabeledSamples(new int[] {1, LENGTH}, f, y, List.of("late", "early"));
    }

    private static double trainAndScore(ModelArchitecture a, int epochs, double lr) {
        LabeledSamples train = bumps(256, 1);
        LabeledSamples test = bumps(128, 2);
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(a, new int[] {1, LENGTH}, 2)).build()) {
            ModelWeights w = t.initialWeights(3);
            TrainingOutcome out = t.fit(w, train, Fixtures.adam(epochs, 16, lr, 1L));
            Predictions p = t.predict(out.weights(), test);
            double acc = Fixtures.accuracy(p, test);
            System.out.printf("%s: test accuracy %.3f after %d epoch(s), test loss %.4f%n", a.id(), acc, epochs, p.meanLoss());
            return acc;
        }
    }

    @Test
    void cnn1dTellsAnEarlyBumpFromALateOne() {
        double acc = trainAndScore(ModelArchitecture.CNN1D, 3, 3e-3);
        assertTrue(acc > 0.95, "accuracy " + acc);
    }

    @Test
    void lstmTellsAnEarlyBumpFromALateOne() {
        double acc = trainAndScore(ModelArchitecture.LSTM, 6, 1e-2);
        assertTrue(acc > 0.9, "accuracy " + acc);
    }

    @Test
    void signalModelsNeedSignals() {
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.of(ModelArchitecture.CNN1D, new int[] {1, 28, 28}, 2));
        assertTrue(image.getMessage().contains("[channels, length]"), image.getMessage());
    }
}
