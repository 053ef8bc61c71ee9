package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DP-SGD through {@link DjlTrainer#fit}: the update rule, clipping, noise scale, reproducibility, learning. */
class DpSgdTrainingTest {

    static final int D = 8;
    static DjlTrainer trainer;
    static LabeledSamples data;
    static ModelWeights start;

    @BeforeAll
    static void setUp() {
        trainer = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {D}, 2)).build();
        data = Fixtures.separable(40, D, 5);
        start = Fixtures.gaussian(trainer.initialWeights(1), 2);
    }

    @AfterAll
    static void tearDown() {
        trainer.close();
    }

    /** One step over the whole set (batch = n, so q = 1 and every example is drawn). */
    static TrainingConfig oneFullStep(double lr, DpSgd dp) {
        return Fixtures.sgd(1, data.size(), lr).withDpSgd(dp);
    }

    @Test
    void withoutClippingOrNoiseItIsTheFullBatchStep() {
        ModelWeights plain = trainer.fit(start, data, Fixtures.sgd(1, data.size(), 0.5)).weights();
        TrainingOutcome dp = trainer.fit(start, data, oneFullStep(0.5, new DpSgd(1e3, 1e-9, true)));
        assertEquals(1, dp.steps());
        assertEquals(data.size(), dp.examplesSeen());
        float[] a = plain.values();
        float[] b = dp.weights().values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "value " + i);
        }
    }

    @Test
    void clippingBoundsTheStep() {
        double lr = 1.0;
        double clip = 1e-3;
        ModelWeights after = trainer.fit(start, data, oneFullStep(lr, new DpSgd(clip, 1e-9, true))).weights();
        double moved = after.minus(start).l2Norm();
        // the mean of n gradients each clipped to C has norm <= C
        assertTrue(moved <= lr * clip * (1 + 1e-4), "moved " + moved);
        assertTrue(moved > lr * clip * 0.2, "clipped gradients still point somewhere: moved " + moved);
    }

    @Test
    void noiseHasTheCalibratedScale() {
        // with C = 1e-6 the gradients vanish next to noise of std sigma*C/n per coordinate
        double sigma = 1e6;
        double clip = 1e-6;
        ModelWeights after = trainer.fit(start, data, oneFullStep(1.0, new DpSgd(clip, sigma, true))).weights();
        double expected = sigma * clip / data.size() * Math.sqrt(start.size());
        double moved = after.minus(start).l2Norm();
        assertTrue(moved > 0.6 * expected && moved < 1.4 * expected, "moved " + moved + ", expected about " + expected);
    }

    @Test
    void seededNoiseRepeatsAndSecureNoiseDoesNot() {
        TrainingConfig c = Fixtures.sgd(2, 8, 0.2).withSeed(9).withDpSgd(new DpSgd(1.0, 1.0, true));
        float[] a = trainer.fit(start, data, c).weights().values();
        float[] b = trainer.fit(start, data, c).weights().values();
        assertArrayEquals(a, b);
        float[] other = trainer.fit(start, data, c.withSeed(10)).weights().values();
        assertFalse(Arrays.equals(a, other));
        TrainingConfig secure = c.withDpSgd(new DpSgd(1.0, 1.0, false));
        assertFalse(Arrays.equals(trainer.fit(start, data, secure).weights().values(),
                trainer.fit(start, data, secure).weights().values()));
    }

    @Test
    void stepsFollowThePoissonRate() {
        TrainingOutcome o = trainer.fit(start, data, Fixtures.sgd(3, 8, 0.1).withDpSgd(new DpSgd(1.0, 1.0, true)));
        assertEquals(3 * DpSgd.stepsPerEpoch(data.size(), 8), o.steps());
        assertTrue(o.examplesSeen() > 0 && o.examplesSeen() < 3 * 2 * data.size(), "seen " + o.examplesSeen());
    }

    @Test
    void learnsWithModerateNoise() {
        LabeledSamples big = Fixtures.separable(400, D, 6);
        ModelWeights w = trainer.initialWeights(3);
        TrainingConfig c = Fixtures.sgd(5, 40, 0.5).withDpSgd(new DpSgd(1.0, 1.0, true));
        w = trainer.fit(w, big, c).weights();
        double acc = Fixtures.accuracy(trainer.predict(w, big), big);
        assertTrue(acc > 0.9, "accuracy " + acc);
    }

    @Test
    void batchNormModelIsRefusedBeforeTraining() {
        try (DjlTrainer resnet = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 8, 8}, 2)).build()) {
            LabeledSamples images = new LabeledSamples(new int[] {1, 8, 8}, new float[2 * 64], new int[] {0, 1}, Fixtures.classNames(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resnet.fit(resnet.initialWeights(1),
                    images, Fixtures.sgd(1, 2, 0.1).withDpSgd(new DpSgd(1.0, 1.0, true))));
            assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
        }
    }
}
