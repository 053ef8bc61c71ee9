package org.fedmed.learn.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The geometric-gap sampler draws each index independently with probability q. */
class PoissonSamplingTest {

    @Test
    void everyIndexIsDrawnWithProbabilityQ() {
        int n = 200;
        double q = 0.05;
        int trials = 20_000;
        SplittableRandom rnd = new SplittableRandom(1);
        long[] hits = new long[n];
        double sum = 0;
        double sumSq = 0;
        for (int t = 0; t < trials; t++) {
            int[] s = DpSgdLoop.poissonSample(n, q, rnd);
            for (int k = 1; k < s.length; k++) {
                assertTrue(s[k] > s[k - 1], "indices strictly increasing");
            }
            for (int i : s) {
                hits[i]++;
            }
            sum += s.length;
            sumSq += (double) s.length * s.length;
        }
        double mean = sum / trials;
        double var = sumSq / trials - mean * mean;
        assertEquals(n * q, mean, 0.09, "batch size mean (4 standard errors)");
        assertEquals(n * q * (1 - q), var, 0.4, "batch size variance (binomial)");
        // per index: binomial(trials, q): sd = sqrt(20000*0.05*0.95) = 30.8; 5 sd
        for (int i = 0; i < n; i++) {
            assertEquals(trials * q, hits[i], 155, "index " + i);
        }
    }

    @Test
    void edgeRates() {
        SplittableRandom rnd = new SplittableRandom(2);
        assertEquals(0, DpSgdLoop.poissonSample(10, 0.0, rnd).length);
        assertEquals(10, DpSgdLoop.poissonSample(10, 1.0, rnd).length);
    }
}
