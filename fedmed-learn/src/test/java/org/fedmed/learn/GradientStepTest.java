package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.learn.train.ClassWeights;
import org.fedmed.learn.train.ParameterUpdater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full-batch steps of logistic regression against the softmax cross-entropy gradient computed in
 * plain Java (double precision). Weights are [k, d] (DJL Linear: logits = W·x + b).
 */
class GradientStepTest {

    static final int D = 3;
    static final int K = 3;
    static final float[] X = {
        0.5f, -1.0f, 2.0f,
        1.5f, 0.25f, -0.5f,
        -1.0f, 1.0f, 0.75f,
        0.0f, -0.5f, 1.25f,
        2.0f, 1.0f, -1.0f,
    };
    static final int[] Y = {0, 1, 2, 1, 1};
    static final int N = Y.length;

    static DjlTrainer trainer;
    static ModelWeights start;

    @BeforeAll
    static void setUp() {
        trainer = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {D}, K)).build();
        float[] v = {
            0.2f, -0.1f, 0.3f, // W row 0
            -0.4f, 0.5f, 0.1f, // W row 1
            0.05f, 0.2f, -0.3f, // W row 2
            0.1f, -0.2f, 0.05f, // b
        };
        start = ModelWeights.of(trainer.layout(), v);
    }

    @AfterAll
    static void tearDown() {
        trainer.close();
    }

    static LabeledSamples data() {
        return new LabeledSamples(new int[] {D}, X, Y, Fixtures.classNames(K));
    }

    /** Weighted mean cross-entropy and its gradient at {@code w}: returns [loss, gW(k*d)..., gb(k)...]. */
    static double[] lossAndGradient(float[] w, float[] classWeights) {
        double[] out = new double[1 + K * D + K];
        for (int i = 0; i < N; i++) {
            double[] z = new double[K];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < K; c++) {
                z[c] = w[K * D + c];
                for (int j = 0; j < D; j++) {
                    z[c] += w[c * D + j] * X[i * D + j];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < K; c++) {
                sum += Math.exp(z[c] - max);
            }
            double wy = classWeights[Y[i]];
            out[0] += wy * -(z[Y[i]] - max - Math.log(sum)) / N;
            for (int c = 0; c < K; c++) {
                double p = Math.exp(z[c] - max) / sum;
                double delta = wy * (p - (c == Y[i] ? 1 : 0)) / N;
                for (int j = 0; j < D; j++) {
                    out[1 + c * D + j] += delta * X[i * D + j];
                }
                out[1 + K * D + c] += delta;
            }
        }
        return out;
    }

    static float[] sgdStep(float[] w, double[] lossGrad, double lr, double decay, double mu, float[] anchor) {
        float[] next = new float[w.length];
        for (int p = 0; p < w.length; p++) {
            double g = lossGrad[1 + p] + decay * w[p] + mu * (w[p] - anchor[p]);
            next[p] = (float) (w[p] - lr * g);
        }
        return next;
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "value " + i);
        }
    }

    static TrainingConfig sgd(int epochs, double lr, double momentum, double decay, double mu, boolean balance) {
        return new TrainingConfig(epochs, N, lr, OptimizerKind.SGD, momentum, decay, mu, balance, 7L);
    }

    @Test
    void oneSgdStepEqualsAnalyticGradientStep() {
        double lr = 0.5;
        TrainingOutcome out = trainer.fit(start, data(), sgd(1, lr, 0, 0, 0, false));
        double[] lg = lossAndGradient(start.values(), ClassWeights.uniform(K));
        assertClose(sgdStep(start.values(), lg, lr, 0, 0, start.values()), out.weights().values(), 1e-6);
        assertEquals(lg[0], out.meanLoss(), 1e-6, "mean loss of the (only) epoch = loss at the start weights");
        assertEquals(1, out.steps());
        assertEquals(N, out.examplesSeen());
    }

    @Test
    void weightDecayAddsLambdaTimesWeight() {
        double lr = 0.5;
        double decay = 0.1;
        TrainingOutcome out = trainer.fit(start, data(), sgd(1, lr, 0, decay, 0, false));
        double[] lg = lossAndGradient(start.values(), ClassWeights.uniform(K));
        assertClose(sgdStep(start.values(), lg, lr, decay, 0, start.values()), out.weights().values(), 1e-6);
    }

    @Test
    void proximalTermAddsMuTimesDistanceToStart() {
        // First step: w = start, so the proximal gradient is zero; the second step has w1 != start and
        // must include mu * (w1 - start) exactly.
        double lr = 0.5;
        double mu = 0.7;
        float[] w0 = start.values();
        float[] uniform = ClassWeights.uniform(K);
        float[] w1 = sgdStep(w0, lossAndGradient(w0, uniform), lr, 0, mu, w0);
        float[] w2 = sgdStep(w1, lossAndGradient(w1, uniform), lr, 0, mu, w0);
        float[] w2NoProx = sgdStep(w1, lossAndGradient(w1, uniform), lr, 0, 0, w0);

        TrainingOutcome prox = trainer.fit(start, data(), sgd(2, lr, 0, 0, mu, false));
        TrainingOutcome plain = trainer.fit(start, data(), sgd(2, lr, 0, 0, 0, false));
        assertClose(w2, prox.weights().values(), 1e-6);
        assertClose(w2NoProx, plain.weights().values(), 1e-6);
        // the difference between the two is exactly lr * mu * (w1 - start)
        for (int p = 0; p < w0.length; p++) {
            double expectedShift = -lr * mu * (w1[p] - w0[p]);
            assertEquals(expectedShift, prox.weights().values()[p] - plain.weights().values()[p], 1e-6, "value " + p);
        }
        assertTrue(prox.weights().minus(plain.weights()).l2Norm() > 1e-3, "the proximal term has an effect");
        // meanLoss is the data loss only (no proximal term): the last epoch's loss at w1
        assertEquals(lossAndGradient(w1, uniform)[0], prox.meanLoss(), 1e-6);
    }

    @Test
    void aGradientOffsetIsAddedToEveryStep() {
        // SCAFFOLD: each step's gradient is g(w) + δ with δ constant over the fit
        double lr = 0.4;
        float[] w0 = start.values();
        float[] uniform = ClassWeights.uniform(K);
        float[] delta = new float[w0.length];
        for (int p = 0; p < delta.length; p++) {
            delta[p] = 0.05f * (p % 5) - 0.1f;
        }
        float[] w = w0.clone();
        for (int step = 0; step < 2; step++) {
            double[] lg = lossAndGradient(w, uniform);
            float[] next = new float[w.length];
            for (int p = 0; p < w.length; p++) {
                next[p] = (float) (w[p] - lr * (lg[1 + p] + delta[p]));
            }
            w = next;
        }
        TrainingOutcome out = trainer.fit(start, data(), sgd(2, lr, 0, 0, 0, false), start.withValues(delta));
        assertClose(w, out.weights().values(), 1e-6);
        // a null offset is plain training
        assertClose(trainer.fit(start, data(), sgd(2, lr, 0, 0, 0, false)).weights().values(),
                trainer.fit(start, data(), sgd(2, lr, 0, 0, 0, false), null).weights().values(), 0);
    }

    @Test
    void proximalTermWithWeightDecayAndMomentum() {
        double lr = 0.3;
        double mu = 0.5;
        double decay = 0.05;
        double m = 0.9;
        float[] w0 = start.values();
        float[] uniform = ClassWeights.uniform(K);
        // v <- m v + lr g'; w <- w - v
        double[] v = new double[w0.length];
        float[] w = w0.clone();
        for (int step = 0; step < 3; step++) {
            double[] lg = lossAndGradient(w, uniform);
            float[] next = new float[w.length];
            for (int p = 0; p < w.length; p++) {
                double g = lg[1 + p] + decay * w[p] + mu * (w[p] - w0[p]);
                v[p] = m * v[p] + lr * g;
                next[p] = (float) (w[p] - v[p]);
            }
            w = next;
        }
        TrainingOutcome out = trainer.fit(start, data(), sgd(3, lr, m, decay, mu, false));
        assertClose(w, out.weights().values(), 1e-5);
    }

    @Test
    void oneAdamStep() {
        double lr = 0.01;
        TrainingConfig adam = new TrainingConfig(1, N, lr, OptimizerKind.ADAM, 0, 0, 0, false, 1L);
        TrainingOutcome out = trainer.fit(start, data(), adam);
        double[] lg = lossAndGradient(start.values(), ClassWeights.uniform(K));
        double b1 = ParameterUpdater.ADAM_BETA1;
        double b2 = ParameterUpdater.ADAM_BETA2;
        double eps = ParameterUpdater.ADAM_EPSILON;
        float[] expected = new float[start.size()];
        for (int p = 0; p < expected.length; p++) {
            double g = lg[1 + p];
            double m = (1 - b1) * g;
            double s = (1 - b2) * g * g;
            expected[p] = (float) (start.values()[p] - lr * Math.sqrt(1 - b2) / (1 - b1) * m / (Math.sqrt(s) + eps));
        }
        assertClose(expected, out.weights().values(), 1e-6);
    }

    @Test
    void classWeightingScalesLossAndGradientPerExample() {
        float[] cw = ClassWeights.inverseFrequency(Y, K);
        // counts: class 0: 1, class 1: 3, class 2: 1 -> n/(k*count) = 5/3, 5/9, 5/3
        assertEquals(5.0 / 3, cw[0], 1e-6);
        assertEquals(5.0 / 9, cw[1], 1e-6);
        assertEquals(5.0 / 3, cw[2], 1e-6);

        double lr = 0.5;
        TrainingOutcome weighted = trainer.fit(start, data(), sgd(1, lr, 0, 0, 0, true));
        double[] lgw = lossAndGradient(start.values(), cw);
        double[] lgu = lossAndGradient(start.values(), ClassWeights.uniform(K));
        assertEquals(lgw[0], weighted.meanLoss(), 1e-6, "weighted loss at the start weights");
        assertTrue(Math.abs(lgw[0] - lgu[0]) > 1e-2, "weighting changes the loss");
        assertClose(sgdStep(start.values(), lgw, lr, 0, 0, start.values()), weighted.weights().values(), 1e-6);

    }

    @Test
    void weightedLossOnTinyExampleEqualsHandComputedValue() {
        // k = 2, one feature; W = [[0], [1]], b = 0. Three examples x = 1 of class 0, one x = 2 of class 1.
        // class weights n/(k*count): 4/(2*3) = 2/3 and 4/(2*1) = 2.
        // x = 1: logits (0, 1), -log p0 = log(1 + e);  x = 2: logits (0, 2), -log p1 = log(1 + e^-2)
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {1}, 2)).build()) {
            ModelWeights w = ModelWeights.of(t.layout(), new float[] {0f, 1f, 0f, 0f});
            LabeledSamples tiny = new LabeledSamples(new int[] {1}, new float[] {1f, 1f, 1f, 2f}, new int[] {0, 0, 0, 1},
                    Fixtures.classNames(2));
            double l0 = Math.log(1 + Math.E);
            double l1 = Math.log(1 + Math.exp(-2));
            double unweighted = (3 * l0 + l1) / 4;
            double weighted = (3 * (2.0 / 3) * l0 + 2 * l1) / 4;
            TrainingConfig base = new TrainingConfig(1, 4, 1e-3, OptimizerKind.SGD, 0, 0, 0, false, 0L);
            TrainingConfig balanced = new TrainingConfig(1, 4, 1e-3, OptimizerKind.SGD, 0, 0, 0, true, 0L);
            assertEquals(unweighted, t.fit(w, tiny, base).meanLoss(), 1e-6);
            assertEquals(weighted, t.fit(w, tiny, balanced).meanLoss(), 1e-6);
            assertEquals(0.72009, weighted, 1e-5);
            // predict reports the plain (unweighted) cross-entropy
            assertEquals(unweighted, t.predict(w, tiny).meanLoss(), 1e-6);
            // gradient of the bias of class 1: (1/n) sum_i w_yi (p1_i - [y_i = 1])
            double p1x1 = Math.E / (1 + Math.E);
            double p1x2 = Math.exp(2) / (1 + Math.exp(2));
            double gradB1 = (3 * (2.0 / 3) * p1x1 + 2 * (p1x2 - 1)) / 4;
            TrainingConfig bigStep = new TrainingConfig(1, 4, 1.0, OptimizerKind.SGD, 0, 0, 0, true, 0L);
            float b1 = t.fit(w, tiny, bigStep).weights().tensor("01Linear_bias")[1];
            assertEquals(-gradB1, b1, 1e-6);
        }
    }

    @Test
    void inverseFrequencyWeights() {
        float[] w = ClassWeights.inverseFrequency(new int[] {0, 0, 0, 1}, 3);
        assertEquals(4.0 / 9, w[0], 1e-7);
        assertEquals(4.0 / 3, w[1], 1e-7);
        assertEquals(0.0, w[2], "absent class");
        float[] balanced = ClassWeights.inverseFrequency(new int[] {0, 1, 0, 1}, 2);
        assertEquals(1f, balanced[0]);
        assertEquals(1f, balanced[1]);
        assertEquals(List.of(1f, 1f), List.of(ClassWeights.uniform(2)[0], ClassWeights.uniform(2)[1]));
    }

    @Test
    void predictionsMatchSoftmaxAndUnweightedLoss() {
        var p = trainer.predict(start, data());
        double[] lg = lossAndGradient(start.values(), ClassWeights.uniform(K));
        assertEquals(lg[0], p.meanLoss(), 1e-6);
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int c = 0; c < K; c++) {
                s += p.probabilities()[i * K + c];
            }
            assertEquals(1.0, s, 1e-6);
        }
    }
}
