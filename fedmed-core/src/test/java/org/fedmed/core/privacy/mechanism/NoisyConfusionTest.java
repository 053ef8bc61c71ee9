package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The confusion-matrix release: the noise has the scale the accountant is told, and the result stays a matrix of counts. */
class NoisyConfusionTest {

    @Test
    void eachCountGetsGaussianNoiseOfSigmaTimesRootTwo() {
        long[][] counts = {{5000, 3000}, {2000, 7000}};
        double sigma = 3.0;
        GaussianNoise noise = GaussianNoise.secure();
        int draws = 5000;
        double sum = 0;
        double sumSq = 0;
        double roundedSumSq = 0;
        for (int d = 0; d < draws; d++) {
            double[][] raw = NoisyConfusion.noisy(counts, sigma, noise);
            long[][] released = NoisyConfusion.rounded(raw);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double e = raw[i][j] - counts[i][j];
                    sum += e;
                    sumSq += e * e;
                    double r = released[i][j] - counts[i][j];
                    roundedSumSq += r * r;
                }
            }
        }
        int n = 4 * draws;
        double expected = 2 * sigma * sigma; // (σ·√2)² = 18
        // the sample variance of n = 20,000 normal draws has relative standard deviation √(2/n) = 1%: ±5% is 5 of them
        assertEquals(0, sum / n, 5 * Math.sqrt(expected / n), "unbiased");
        assertEquals(expected, sumSq / n, 0.05 * expected, "variance of the noise");
        assertEquals(expected + 1.0 / 12, roundedSumSq / n, 0.05 * expected, "rounding adds 1/12");
    }

    @Test
    void smallCountsAreClampedAtZeroAndStayWholeCounts() {
        long[][] counts = {{0, 1}, {0, 2}};
        GaussianNoise noise = GaussianNoise.secure();
        boolean sawZero = false;
        for (int d = 0; d < 200; d++) {
            for (long[] row : NoisyConfusion.release(counts, 10.0, noise)) {
                for (long v : row) {
                    assertTrue(v >= 0, "a released count is never negative: " + v);
                    sawZero |= v == 0;
                }
            }
        }
        assertTrue(sawZero, "noise of std 14 around 0..2 is clamped at 0 about half the time");
    }

    @Test
    void seededNoiseIsNeverReleased() {
        assertThrows(IllegalArgumentException.class, () -> NoisyConfusion.release(new long[][] {{1, 0}, {0, 1}}, 1.0,
                GaussianNoise.seeded(1)));
    }
}
