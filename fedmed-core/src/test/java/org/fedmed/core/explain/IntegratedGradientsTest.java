package org.fedmed.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntegratedGradientsTest {

    /** f(x) = sigmoid(w·x + x₀x₁), with its gradient written out. */
    private static final IntegratedGradients.Differentiable MODEL = inputs -> {
        double[] w = {1.5, -2.0, 0.7, 0.0};
        double[] values = new double[inputs.length];
        double[][] gradients = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            double[] x = inputs[k];
            double z = x[0] * x[1];
            for (int i = 0; i < w.length; i++) {
                z += w[i] * x[i];
            }
            double s = 1 / (1 + Math.exp(-z));
            values[k] = s;
            double d = s * (1 - s);
            gradients[k] = new double[] {d * (w[0] + x[1]), d * (w[1] + x[0]), d * w[2], d * w[3]};
        }
        return new IntegratedGradients.Evaluated(values, gradients);
    };

    @Test
    void attributionsAddUpToTheOutputChangeFromTheBlackBaseline() {
        double[] x = {0.9, -0.4, 2.0, 1.0};
        IntegratedGradients.Attribution a = IntegratedGradients.of(MODEL, x, new double[4], 64);
        double expected = MODEL.evaluate(new double[][] {x}).values()[0] - MODEL.evaluate(new double[][] {new double[4]}).values()[0];
        assertEquals(expected, a.output() - a.baselineOutput(), 1e-15);
        assertTrue(a.completenessGap() < 1e-3 * Math.abs(expected), "gap " + a.completenessGap() + " of " + expected);
        // an input the model ignores gets nothing; one equal to the baseline gets nothing either
        assertEquals(0.0, a.attributions()[3], 0.0);
        IntegratedGradients.Attribution atBaseline = IntegratedGradients.of(MODEL, new double[] {0, 1, 0, 0}, new double[4], 8);
        assertEquals(0.0, atBaseline.attributions()[0], 0.0);
    }

    @Test
    void moreStepsCloseTheCompletenessGap() {
        double[] x = {3.0, -2.5, 2.0, 1.0};
        double coarse = IntegratedGradients.of(MODEL, x, new double[4], 2).completenessGap();
        double fine = IntegratedGradients.of(MODEL, x, new double[4], 128).completenessGap();
        assertTrue(fine < coarse / 100, coarse + " -> " + fine);
    }
}
