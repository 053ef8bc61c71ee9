package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {

    private static final int W = 28;

    /** A smooth test picture with structure at several scales (a blob and stripes), in [0, 1]. */
    private static float[] picture() {
        float[] p = new float[W * W];
        for (int y = 0; y < W; y++) {
            for (int x = 0; x < W; x++) {
                double blob = Math.exp(-((x - 10) * (x - 10) + (y - 16) * (y - 16)) / 40.0);
                double stripes = 0.5 + 0.5 * Math.sin(x / 2.0);
                p[y * W + x] = (float) (0.6 * blob + 0.4 * stripes);
            }
        }
        return p;
    }

    private static float[] noise(long seed) {
        Random r = new Random(seed);
        float[] a = new float[W * W];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        return a;
    }

    @Test
    void identicalImagesScoreOne() {
        float[] p = picture();
        assertEquals(1.0, Ssim.of(p, p.clone(), W, W, 1.0), 1e-12);
    }

    @Test
    void negationAndNoiseScoreLow() {
        float[] p = picture();
        float[] negated = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            negated[i] = 1 - p[i];
        }
        assertTrue(Ssim.of(p, negated, W, W, 1) < 0, "anti-correlated structure gives a negative SSIM");
        double vsNoise = Ssim.of(p, noise(5), W, W, 1);
        assertTrue(Math.abs(vsNoise) < 0.15, "noise is unrelated to the picture: " + vsNoise);
    }

    @Test
    void isSymmetric() {
        float[] p = picture();
        float[] n = noise(6);
        assertEquals(Ssim.of(p, n, W, W, 1), Ssim.of(n, p, W, W, 1), 1e-12);
    }

    @Test
    void flatImagesFollowTheLuminanceTerm() {
        // zero variance in every window: SSIM reduces to (2·a·b + C1) / (a² + b² + C1)
        float[] a = new float[W * W];
        float[] b = new float[W * W];
        Arrays.fill(a, 0.2f);
        Arrays.fill(b, 0.6f);
        double c1 = Ssim.K1 * Ssim.K1;
        double expected = (2 * 0.2f * 0.6f + c1) / (0.2f * 0.2f + 0.6f * 0.6f + c1);
        assertEquals(expected, Ssim.of(a, b, W, W, 1), 1e-6); // E[x²] − E[x]² cancels only to rounding
    }

    @Test
    void refusesImagesSmallerThanTheWindow() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(new float[100], new float[100], 10, 10, 1));
    }
}
