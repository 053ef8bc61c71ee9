package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Skellam noise: moments at every scale, closure under summation (n sites at μ/n are one Sk(μ)),
 * in-place wrapping addition, reproducibility of seeded streams and the DRBG path.
 */
class SkellamNoiseTest {

    /**
     * Asserts mean 0 and variance 2μ within 5 standard errors: Var(mean) = 2μ/N; Skellam's even
     * cumulants are all 2μ, so the fourth central moment is 2μ + 12μ² and Var(s²) ≈ (2μ + 8μ²)/N.
     */
    private static void assertSkellamMoments(long[] draws, double mu, String what) {
        int n = draws.length;
        double sum = 0;
        double sq = 0;
        for (long x : draws) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / n;
        double var = (sq - n * mean * mean) / (n - 1);
        assertEquals(0.0, mean, 5 * Math.sqrt(2 * mu / n), what + ": mean");
        assertEquals(2 * mu, var, 5 * Math.sqrt((2 * mu + 8 * mu * mu) / n), what + ": variance");
    }

    @Test
    void momentsMatchFromHalfToOneHundredTrillion() {
        SkellamNoise noise = SkellamNoise.seeded(21);
        for (double mu : new double[] {0.5, 3, 30, 1e4, 1e9, 1e14}) {
            long[] draws = new long[100_000];
            for (int i = 0; i < draws.length; i++) {
                draws[i] = noise.next(mu);
            }
            assertSkellamMoments(draws, mu, "Sk(" + mu + ")");
        }
    }

    @Test
    void sitesSharingTheNoiseSumToOneSkellamOfTheTotal() {
        // 7 sites at μ/7 each: the sum must be Sk(μ) exactly, checked on the variance and, at μ = 30,
        // by χ² against the exact Skellam pmf p(k) = Σ_j Pois(j + |k|; μ)·Pois(j; μ).
        int sites = 7;
        int n = 100_000;
        SkellamNoise noise = SkellamNoise.seeded(22);
        for (double mu : new double[] {30, 1e6, 1e12}) {
            long[] sums = new long[n];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < sites; s++) {
                    sums[i] += noise.next(mu / sites);
                }
            }
            assertSkellamMoments(sums, mu, sites + " sites at mu/" + sites + " for mu=" + mu);
            if (mu == 30) {
                assertMatchesSkellamPmf(sums, mu);
            }
        }
    }

    private static void assertMatchesSkellamPmf(long[] draws, double mu) {
        int max = 60;
        long[] counts = new long[2 * max + 1];
        for (long x : draws) {
            counts[(int) (Math.max(-max, Math.min(max, x)) + max)]++;
        }
        double chi2 = 0;
        int cells = 0;
        double observed = 0;
        double expected = 0;
        for (int k = -max; k <= max; k++) {
            observed += counts[k + max];
            expected += draws.length * skellamPmf(k, mu);
            if (expected >= 20 || k == max) {
                chi2 += (observed - expected) * (observed - expected) / expected;
                cells++;
                observed = 0;
                expected = 0;
            }
        }
        assertTrue(cells > 10, "cells: " + cells);
        assertTrue(chi2 < PoissonTest.chiSquareQuantile(cells - 1, 3.719), "chi2=" + chi2 + " over " + cells + " cells");
    }

    private static double skellamPmf(int k, double mu) {
        double p = 0;
        for (int j = 0; j < 400; j++) {
            p += Math.exp(Poisson.logPmf(j + Math.abs(k), mu) + Poisson.logPmf(j, mu));
        }
        return p;
    }

    @Test
    void addsInPlaceToTheRangeOnlyAndWraps() {
        int[] values = new int[1000];
        Arrays.fill(values, Integer.MAX_VALUE);
        SkellamNoise.seeded(23).addTo(values, 100, 900, 1e6);

        SkellamNoise replay = SkellamNoise.seeded(23);
        int wrapped = 0;
        for (int i = 0; i < values.length; i++) {
            if (i < 100 || i >= 900) {
                assertEquals(Integer.MAX_VALUE, values[i], "outside the range at " + i);
                continue;
            }
            long expected = replay.next(1e6);
            // Ring arithmetic: (MAX + noise) - MAX == noise modulo 2^32, whichever way it wrapped.
            assertEquals(expected, values[i] - Integer.MAX_VALUE, "noise at " + i);
            if (values[i] < 0) {
                wrapped++;
            }
        }
        assertTrue(wrapped > 300, "about half the positive draws wrap past MAX_VALUE: " + wrapped);
    }

    @Test
    void seededStreamsRepeatAndSecureStreamsAreNoisyAndNotDeterministic() {
        int[] a = new int[5000];
        int[] b = new int[5000];
        int[] c = new int[5000];
        SkellamNoise.seeded(24).addTo(a, 0, a.length, 50);
        SkellamNoise.seeded(24).addTo(b, 0, b.length, 50);
        SkellamNoise.seeded(25).addTo(c, 0, c.length, 50);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertTrue(SkellamNoise.seeded(1).deterministic());

        SkellamNoise secure = SkellamNoise.secure();
        assertFalse(secure.deterministic());
        long[] draws = new long[40_000]; // crosses several 64 KiB DRBG blocks
        for (int i = 0; i < draws.length; i++) {
            draws[i] = secure.next(40);
        }
        assertSkellamMoments(draws, 40, "secure Sk(40)");
    }

    @Test
    void zeroMeanAddsNothingAndBadMeansAreRefused() {
        int[] values = {1, 2, 3};
        SkellamNoise.seeded(26).addTo(values, 0, 3, 0.0);
        assertArrayEquals(new int[] {1, 2, 3}, values);
        for (double mu : new double[] {-0.1, Double.NaN, 1e17}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SkellamNoise.seeded(1).addTo(values, 0, 3, mu));
            assertTrue(e.getMessage().contains("mu"), e.getMessage());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> SkellamNoise.seeded(1).addTo(values, 2, 4, 1.0));
    }
}
