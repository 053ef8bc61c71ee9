package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;

/**
 * The rocket model's linear layer trains with the ridge classifier's squared error against ±1 targets: one
 * full-batch SGD step against the gradient computed in plain Java, with and without class weights.
 */
class RocketTrainingTest {

    private static final int D = 4;
    private static final int K = 2;
    private static final float[] X = {
        0.5f, -1.0f, 2.0f, 0.0f,
        1.5f, 0.25f, -0.5f, 1.0f,
        -1.0f, 1.0f, 0.75f, -0.5f,
    };
    private static final int[] Y = {0, 1, 1};
    private static final float[] START = {
        0.2f, -0.1f, 0.3f, 0.0f, // W row 0
        -0.4f, 0.5f, 0.1f, 0.2f, // W row 1
        0.1f, -0.2f, // b
    };

    @Test
    void oneStepFollowsTheSquaredErrorGradient() {
        step(false, new double[] {1, 1});
        // balanced: weights n/(k·count) = 3/2 for the one example of class 0 and 3/4 for the two of class 1
        step(true, new double[] {1.5, 0.75});
    }

    private static void step(boolean balance, double[] classWeight) {
        try (DjlTrainer trainer = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.ROCKET, new int[] {D}, K)).build()) {
            ModelWeights start = ModelWeights.of(trainer.layout(), START);
            LabeledSamples data = new LabeledSamples(new int[] {D}, X, Y, Fixtures.classNames(K));
            double lr = 0.1;
            TrainingOutcome out = trainer.fit(start, data,
                    new TrainingConfig(1, Y.length, lr, OptimizerKind.SGD, 0, 0, 0, balance, 7L));
            double[] grad = new double[START.length];
            double loss = 0;
            for (int i = 0; i < Y.length; i++) {
                double w = classWeight[Y[i]];
                for (int c = 0; c < K; c++) {
                    double z = START[K * D + c];
                    for (int j = 0; j < D; j++) {
                        z += START[c * D + j] * X[i * D + j];
                    }
                    double r = z - (c == Y[i] ? 1 : -1);
                    loss += w * 0.5 * r * r / Y.length;
                    for (int j = 0; j < D; j++) {
                        grad[c * D + j] += w * r * X[i * D + j] / Y.length;
                    }
                    grad[K * D + c] += w * r / Y.length;
                }
            }
            float[] after = out.weights().values();
            for (int p = 0; p < START.length; p++) {
                assertEquals(START[p] - lr * grad[p], after[p], 1e-6, "value " + p + (balance ? " (balanced)" : ""));
            }
            assertEquals(loss, out.meanLoss(), 1e-6, "the data loss at the start weights");
        }
    }
}
