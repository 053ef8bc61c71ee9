package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PsnrTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat();
        }
        return a;
    }

    @Test
    void identicalImagesHaveInfinitePsnr() {
        float[] a = random(784, 1);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a.clone(), 1.0));
    }

    @Test
    void constantOffsetGivesTheFormulasValue() {
        float[] a = new float[100];
        float[] b = new float[100];
        java.util.Arrays.fill(a, 0.25f);
        java.util.Arrays.fill(b, 0.5f);
        // MSE = 0.25², so PSNR = 10·log10(1 / 0.0625) ≈ 12.04 dB; with range 2 the peak term is 4
        assertEquals(10 * Math.log10(1 / 0.0625), Psnr.of(a, b, 1.0), 1e-9);
        assertEquals(10 * Math.log10(4 / 0.0625), Psnr.of(a, b, 2.0), 1e-9);
    }

    @Test
    void isSymmetricAndFallsWithTheError() {
        float[] a = random(784, 2);
        float[] near = a.clone();
        float[] far = random(784, 3);
        for (int i = 0; i < near.length; i += 7) {
            near[i] = Math.min(1f, near[i] + 0.05f);
        }
        assertEquals(Psnr.of(a, far, 1), Psnr.of(far, a, 1), 1e-12);
        assertTrue(Psnr.of(a, near, 1) > Psnr.of(a, far, 1) + 10, "a slightly perturbed copy should score far higher than noise");
    }

    @Test
    void refusesMismatchedSizesAndBadRange() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[3], new float[4], 1));
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[3], new float[3], 0));
    }
}
