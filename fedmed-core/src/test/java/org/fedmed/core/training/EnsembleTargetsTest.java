package org.fedmed.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EnsembleTargets}: averaged logits, softened. */
class EnsembleTargetsTest {

    @Test
    void averagesLogitsNotProbabilities() {
        // member logits (0, 2) and (0, -1): the mean logits (0, 0.5) give softmax 1/(1+e^0.5) for class 0
        Predictions a = new Predictions(softmax(0, 2), 2, 0);
        Predictions b = new Predictions(softmax(0, -1), 2, 0);
        float[] t = EnsembleTargets.soften(List.of(a, b), 1.0);
        assertEquals(1 / (1 + Math.exp(0.5)), t[0], 1e-6);
        assertEquals(1.0, t[0] + t[1], 1e-6);
        // a higher temperature flattens the same ensemble towards uniform
        float[] hot = EnsembleTargets.soften(List.of(a, b), 4.0);
        assertEquals(1 / (1 + Math.exp(0.125)), hot[0], 1e-6);
        assertTrue(Math.abs(hot[0] - 0.5) < Math.abs(t[0] - 0.5));
    }

    @Test
    void oneMemberAtTemperatureOneIsItself() {
        float[] p = {0.1f, 0.7f, 0.2f, 0.3f, 0.3f, 0.4f};
        float[] t = EnsembleTargets.soften(List.of(new Predictions(p, 3, 0)), 1.0);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], t[i], 1e-6);
        }
    }

    @Test
    void refusesMembersThatDisagree() {
        Predictions two = new Predictions(new float[] {0.5f, 0.5f}, 2, 0);
        Predictions three = new Predictions(new float[] {0.2f, 0.3f, 0.5f}, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> EnsembleTargets.soften(List.of(two, three), 1.0));
        assertThrows(IllegalArgumentException.class, () -> EnsembleTargets.soften(List.of(), 1.0));
    }

    private static float[] softmax(double z0, double z1) {
        double m = Math.max(z0, z1);
        double e0 = Math.exp(z0 - m);
        double e1 = Math.exp(z1 - m);
        return new float[] {(float) (e0 / (e0 + e1)), (float) (e1 / (e0 + e1))};
    }
}
