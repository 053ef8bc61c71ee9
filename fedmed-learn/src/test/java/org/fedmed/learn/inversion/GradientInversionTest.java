package org.fedmed.learn.inversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.audit.Psnr;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.learn.DjlTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GradientInversionTest {

    static final ModelSpec CNN = new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.0);
    static final double LR = 0.05;

    static DjlTrainer trainer;
    static ModelWeights initial;

    @BeforeAll
    static void setUp() {
        trainer = DjlTrainer.builder().model(CNN).build();
        initial = trainer.initialWeights(7);
    }

    @AfterAll
    static void tearDown() {
        trainer.close();
    }

    /** A bright disc on a ramp: smooth, with edges, in [0, 1]. */
    static float[] picture(int cx, int cy) {
        float[] p = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 36 ? 0.6 : 0;
                p[y * 28 + x] = (float) (0.3 * x / 27.0 + disc);
            }
        }
        return p;
    }

    /** The gradient the engine computes, read back from one plain SGD step on the single image. */
    static ModelWeights engineGradient(float[] image, int label) {
        LabeledSamples one = new LabeledSamples(new int[] {1, 28, 28}, image, new int[] {label}, List.of("a", "b"));
        TrainingConfig step = new TrainingConfig(1, 1, LR, OptimizerKind.SGD, 0, 0, 0, false, 1L);
        return GradientInversion.gradientOfStep(initial, trainer.fit(initial, one, step).weights(), LR);
    }

    @Test
    void explicitGradientMatchesTheEngines() {
        float[] image = picture(12, 15);
        for (int label = 0; label < 2; label++) {
            ModelWeights engine = engineGradient(image, label);
            ModelWeights ours = GradientInversion.gradient(CNN, initial, image, label);
            double diff = ours.minus(engine).l2Norm();
            assertTrue(diff < 1e-3 * engine.l2Norm(), "relative difference " + diff / engine.l2Norm());
            for (int t = 0; t < ours.tensorCount(); t++) {
                String name = ours.specs().get(t).name();
                double e = l2(engine.tensor(name));
                assertTrue(l2(minus(ours.tensor(name), engine.tensor(name))) <= 1e-3 * e + 1e-7, "tensor " + name);
            }
        }
    }

    @Test
    void labelIsReadFromTheLastBias() {
        float[] image = picture(14, 14);
        assertEquals(0, GradientInversion.inferLabel(engineGradient(image, 0)));
        assertEquals(1, GradientInversion.inferLabel(engineGradient(image, 1)));
    }

    @Test
    void reconstructionFromAClearGradientBeatsItsStartingNoise() {
        float[] image = picture(10, 17);
        ModelWeights observed = engineGradient(image, 1);
        GradientInversion.Reconstruction r = GradientInversion.reconstruct(CNN, initial, observed,
                new GradientInversion.Settings(120, 0.1, 1e-4, 3, 2));
        assertEquals(1, r.label());
        double before = Psnr.of(image, r.start(), 1);
        double after = Psnr.of(image, r.image(), 1);
        System.out.printf("synthetic disc: PSNR %.2f dB from noise at %.2f dB, matching loss %.4f%n", after, before, r.loss());
        assertTrue(after > before + 5, "PSNR " + after + " vs start " + before);
        for (float v : r.image()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void refusesOtherModels() {
        ModelSpec mlp = new ModelSpec(ModelArchitecture.MLP, new int[] {1, 28, 28}, 2, List.of(8), 0.0);
        assertThrows(IllegalArgumentException.class, () -> CnnGradient.requireSupported(mlp));
        ModelSpec dropout = new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.2);
        assertThrows(IllegalArgumentException.class, () -> CnnGradient.requireSupported(dropout));
    }

    private static double l2(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
