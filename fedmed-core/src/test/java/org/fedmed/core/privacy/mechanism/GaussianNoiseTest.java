package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bulk Gaussian fill used by DP-SGD: moments, tails, reproducibility, bad input. */
class GaussianNoiseTest {

    private static void checkMoments(float[] v, double std) {
        double sum = 0;
        double sq = 0;
        double fourth = 0;
        int beyond2 = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
            fourth += Math.pow(x / std, 4);
            if (Math.abs(x) > 2 * std) {
                beyond2++;
            }
        }
        int n = v.length;
        double mean = sum / n;
        double var = sq / n - mean * mean;
        assertEquals(0, mean, 5 * std / Math.sqrt(n), "mean");
        assertEquals(std * std, var, 5 * std * std * Math.sqrt(2.0 / n), "variance");
        assertEquals(3.0, fourth / n, 0.05, "kurtosis of a normal is 3");
        // P(|Z| > 2) = 0.0455
        assertEquals(0.0455, beyond2 / (double) n, 0.002, "two-sigma tail mass");
    }

    @Test
    void seededFillIsNormalAndRepeats() {
        float[] a = new float[400_001];
        GaussianNoise.seeded(5).fill(a, 0, a.length, 2.5);
        checkMoments(a, 2.5);
        float[] b = new float[a.length];
        GaussianNoise.seeded(5).fill(b, 0, b.length, 2.5);
        assertArrayEquals(a, b);
    }

    @Test
    void secureFillIsNormalAndUnpredictable() {
        float[] a = new float[400_000];
        GaussianNoise secure = GaussianNoise.secure();
        assertFalse(secure.deterministic());
        secure.fill(a, 0, a.length, 0.7);
        checkMoments(a, 0.7);
        float[] b = new float[a.length];
        GaussianNoise.secure().fill(b, 0, b.length, 0.7);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void fillsOnlyTheRange() {
        float[] a = new float[10];
        Arrays.fill(a, 42f);
        GaussianNoise.seeded(1).fill(a, 3, 6, 1.0);
        assertEquals(42f, a[2]);
        assertEquals(42f, a[6]);
        assertTrue(a[3] != 42f && a[4] != 42f && a[5] != 42f);
        assertThrows(IllegalArgumentException.class, () -> GaussianNoise.seeded(1).fill(a, 0, 1, -1));
    }
}
