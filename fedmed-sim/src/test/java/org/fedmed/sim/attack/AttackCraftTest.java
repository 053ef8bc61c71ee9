package org.fedmed.sim.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

/** Each attack changes what a malicious site sends in exactly the way its paper describes. */
class AttackCraftTest {

    private static ModelWeights w(float... v) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {v.length})), v);
    }

    private static AttackRound round(ModelWeights global, ModelWeights honest, List<ModelWeights> group) {
        return new AttackRound(3, "site-2", 99L, global, honest, () -> group);
    }

    @Test
    void signFlipSendsMinusSTimesTheHonestDelta() {
        ModelWeights honest = w(0.5f, -1f, 2f);
        ModelWeights sent = new SignFlip(10).craft(round(w(1f, 1f, 1f), honest, List.of()));
        assertArrayEquals(new float[] {-5f, 10f, -20f}, sent.values());
    }

    @Test
    void scaleSendsSTimesTheHonestDelta() {
        assertArrayEquals(new float[] {2.5f, -5f}, new Scale(5).craft(round(w(0f, 0f), w(0.5f, -1f), List.of())).values());
    }

    @Test
    void gaussianIgnoresTheDataAndDrawsSigmaScaledNoiseRepeatably() {
        ModelWeights global = w(new float[20000]);
        ModelWeights a = new Gaussian(2.0).craft(round(global, w(new float[20000]), List.of()));
        ModelWeights b = new Gaussian(2.0).craft(round(global, w(new float[20000]), List.of()));
        assertArrayEquals(a.values(), b.values(), "seeded by site and round");
        double sum = 0;
        double sq = 0;
        for (float v : a.values()) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / 20000;
        assertEquals(0, mean, 0.05);
        assertEquals(2.0, Math.sqrt(sq / 20000 - mean * mean), 0.05);
    }

    @Test
    void aFreeRiderSendsNothingOrTinyNoise() {
        ModelWeights honest = w(0.5f, -1f, 2f);
        assertArrayEquals(new float[3], new FreeRider(0).craft(round(w(1f, 2f, 3f), honest, List.of())).values());
        float[] tiny = new FreeRider(1e-4).craft(round(w(1f, 2f, 3f), honest, List.of())).values();
        for (float v : tiny) {
            assertTrue(v != 0 && Math.abs(v) < 1e-3, "tiny noise, got " + v);
        }
    }

    @Test
    void alieZIsThePapersQuantileAndTheUpdateIsMeanMinusZStd() {
        // n = 10, f = 2: s = 10/2 + 1 - 2 = 4, z = Φ⁻¹(6/10) = 0.2533471
        assertEquals(0.2533471, Alie.z(10, 2), 1e-6);
        // n = 50, f = 12 (the paper's CIFAR setting): s = 14, z = Φ⁻¹(0.72) = 0.5828415
        assertEquals(0.5828415, Alie.z(50, 12), 1e-6);
        assertEquals(1.959964, Alie.inverseNormal(0.975), 1e-6);
        assertEquals(-2.326348, Alie.inverseNormal(0.01), 1e-6);
        List<ModelWeights> group = List.of(w(1f, 0f), w(3f, 0f), w(5f, 6f));
        // coordinate 0: mean 3, sample std 2; coordinate 1: mean 2, std sqrt(12)
        float[] sent = new Alie(0.5).craft(round(w(0f, 0f), group.get(0), group)).values();
        assertEquals(3 - 0.5 * 2, sent[0], 1e-6);
        assertEquals(2 - 0.5 * Math.sqrt(12), sent[1], 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Alie.z(4, 3));
        assertTrue(e.getMessage().contains("4 sites with 3 malicious"), e.getMessage());
    }

    @Test
    void ipmSendsMinusEpsilonTimesTheGroupMean() {
        List<ModelWeights> group = List.of(w(1f, -2f), w(3f, 4f));
        assertArrayEquals(new float[] {-1f, -0.5f}, new Ipm(0.5).craft(round(w(9f, 9f), group.get(0), group)).values());
    }

    @Test
    void labelFlipMirrorsTheLabelsAndKeepsTheFeatures() {
        LabeledSamples binary = new LabeledSamples(new int[] {1}, new float[] {1, 2, 3}, new int[] {0, 1, 1}, List.of("a", "b"));
        LabeledSamples flipped = new LabelFlip().poison(binary);
        assertArrayEquals(new int[] {1, 0, 0}, flipped.labels());
        assertArrayEquals(binary.features(), flipped.features());
        LabeledSamples three = new LabeledSamples(new int[] {1}, new float[] {1, 2, 3}, new int[] {0, 1, 2}, List.of("a", "b", "c"));
        assertArrayEquals(new int[] {2, 1, 0}, new LabelFlip().poison(three).labels());
    }

    @Test
    void theBackdoorTrainsOnItsDataPlusTriggeredCopiesOfTheTargetClass() {
        LabeledSamples data = new LabeledSamples(new int[] {4}, new float[] {1, 2, 3, 4, -5, 6, 7, 8}, new int[] {1, 1},
                List.of("benign", "malignant"));
        Trigger t = Trigger.forData(data);
        assertArrayEquals(new int[] {1, 2, 3}, t.positions(), "the last three features");
        assertEquals(16f, t.value(), "twice the largest magnitude of those features");
        LabeledSamples poisoned = new Backdoor(t, 0, 1).poison(data);
        assertEquals(4, poisoned.size());
        assertArrayEquals(new int[] {1, 1, 0, 0}, poisoned.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, -5, 6, 7, 8, 1, 16, 16, 16, -5, 16, 16, 16}, poisoned.features());
    }

    @Test
    void anImageTriggerIsABrightSquareInTheBottomRightCorner() {
        float[] pixels = new float[2 * 28 * 28];
        pixels[5] = 0.75f;
        LabeledSamples images = new LabeledSamples(new int[] {1, 28, 28}, pixels, new int[] {0, 1}, List.of("normal", "pneumonia"));
        Trigger t = Trigger.forData(images);
        assertEquals(0.75f, t.value());
        int[] pos = t.positions();
        assertEquals(9, pos.length);
        for (int p : pos) {
            assertTrue(p / 28 >= 25 && p % 28 >= 25, "pixel (" + p / 28 + ", " + p % 28 + ") is in the corner");
        }
        LabeledSamples stamped = t.stamp(images, 0);
        assertEquals(0.75f, stamped.features()[27 * 28 + 27]);
        assertEquals(0.75f, stamped.features()[28 * 28 + 27 * 28 + 27], "every example is stamped");
        assertNotEquals(0.75f, stamped.features()[24 * 28 + 27], "the row above the square is untouched");
    }
}
