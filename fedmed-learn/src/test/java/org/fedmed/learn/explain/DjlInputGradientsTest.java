package org.fedmed.learn.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedmed.core.explain.IntegratedGradients;
import org.fedmed.core.explain.TrainerPredictor;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.learn.DjlTrainer;
import org.junit.jupiter.api.Test;

class DjlInputGradientsTest {

    @Test
    void integratedGradientsOfTheCnnAreCompleteFromTheBlackBaseline() {
        ModelSpec spec = ModelSpec.of(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2);
        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = trainer.initialWeights(3);
            double[] image = new double[28 * 28];
            Random r = new Random(4);
            for (int i = 0; i < image.length; i++) {
                image[i] = 3 * r.nextDouble();
            }
            try (DjlInputGradients model = DjlInputGradients.of(spec, w, 1)) {
                IntegratedGradients.Attribution a = IntegratedGradients.of(model, image, new double[image.length], 64);
                double change = a.output() - a.baselineOutput();
                assertTrue(Math.abs(change) > 1e-3, "the image must move the output for the check to mean something: " + change);
                assertTrue(a.completenessGap() < 0.02 * Math.abs(change), "gap " + a.completenessGap() + " of " + change);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesAndValuesMatchTheTrainersPredictions() {
        ModelSpec spec = ModelSpec.of(ModelArchitecture.MLP, new int[] {5}, 2);
        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = trainer.initialWeights(5);
            double[] x = {0.3, -1.2, 0.8, 2.0, -0.5};
            try (DjlInputGradients model = DjlInputGradients.of(spec, w, 1)) {
                IntegratedGradients.Evaluated e = model.evaluate(new double[][] {x});
                double[] p = new TrainerPredictor(trainer, w, 1, List.of("no", "yes")).predict(new double[][] {x});
                assertEquals(p[0], e.values()[0], 1e-6);
                double h = 1e-3;
                double[] numeric = new double[x.length];
                for (int j = 0; j < x.length; j++) {
                    double[] up = x.clone();
                    double[] down = x.clone();
                    up[j] += h;
                    down[j] -= h;
                    double[] v = model.evaluate(new double[][] {up, down}).values();
                    numeric[j] = (v[0] - v[1]) / (2 * h);
                }
                assertArrayEquals(numeric, e.gradients()[0], 2e-3);
            }
        }
    }
}
