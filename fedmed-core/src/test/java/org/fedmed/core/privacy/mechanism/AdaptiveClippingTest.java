package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.junit.jupiter.api.Test;

class AdaptiveClippingTest {

    @Test
    void updateNoiseMultiplierFollowsThePaper() {
        // σ_Δ = (σ⁻² − (2σ_b)⁻²)^{−1/2}: σ = 1, σ_b = 5 → (1 − 1/100)^{−1/2}
        assertEquals(1.0 / Math.sqrt(0.99), AdaptiveClipping.updateNoiseMultiplier(1.0, 5.0), 1e-12);
        // and the pair (σ_Δ, 2σ_b) composes back to σ
        double s = AdaptiveClipping.updateNoiseMultiplier(0.8, 2.0);
        assertEquals(0.8, SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {s, 4.0}), 1e-12);
        // σ_b must exceed σ/2
        assertThrows(IllegalArgumentException.class, () -> AdaptiveClipping.updateNoiseMultiplier(1.0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveClipping.updateNoiseMultiplier(0.0, 5));
    }

    @Test
    void geometricUpdateByHand() {
        AdaptiveClipping a = new AdaptiveClipping(2.0, 0.5, 0.2, 0.0);
        // norms 1, 3, 5, 7 against C = 2: b̄ = 1/4 → C·exp(−0.2·(0.25 − 0.5)) = 2·e^{0.05}
        double b = a.update(below(new double[] {1, 3, 5, 7}, a.clipNorm()), 4, 4, GaussianNoise.seeded(1));
        assertEquals(0.25, b, 0.0);
        assertEquals(2.0 * Math.exp(0.05), a.clipNorm(), 1e-12);
    }

    @Test
    void clipNormConvergesToTheTargetQuantile() {
        // 100 sites with fixed norms 1..100; γ = 0.3 → the 0.3-quantile is ≈ 30.
        int m = 100;
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            norms[i] = i + 1;
        }
        for (double gamma : new double[] {0.3, 0.8}) {
            AdaptiveClipping a = new AdaptiveClipping(0.1, gamma, 0.2, m / 20.0); // paper: σ_b = m/20
            GaussianNoise noise = GaussianNoise.seeded(42);
            double avg = 0;
            for (int round = 1; round <= 600; round++) {
                a.update(below(norms, a.clipNorm()), m, m, noise);
                if (round > 400) {
                    avg += a.clipNorm() / 200;
                }
            }
            double quantile = gamma * m;
            assertTrue(Math.abs(avg - quantile) < 0.1 * quantile, "gamma " + gamma + ": C " + avg);
        }
    }

    @Test
    void centredCountHasSensitivityOneHalf() {
        // add/remove one site: its bit b ∈ {0, 1} enters the released sum as b − ½, so the sum moves
        // by exactly ½ — the sensitivity the split σ_Δ = (σ⁻² − (2σ_b)⁻²)^{−1/2} assumes. The plain
        // count Σ b would move by 1 when the site's bit is 1, doubling what σ_b must cover.
        for (int n = 1; n <= 20; n++) {
            for (int k = 0; k <= n; k++) {
                double with = AdaptiveClipping.centredCount(k, n);
                if (k < n) { // the removed site had bit 0
                    assertEquals(0.5, Math.abs(with - AdaptiveClipping.centredCount(k, n - 1)), 0.0);
                }
                if (k > 0) { // the removed site had bit 1
                    assertEquals(0.5, Math.abs(with - AdaptiveClipping.centredCount(k - 1, n - 1)), 0.0);
                    assertEquals(1.0, Math.abs(k - (k - 1.0)), 0.0);
                }
            }
        }
    }

    @Test
    void updateUsesTheCentredCountOverTheExpectedSites() {
        // 3 of 4 answering sites below C, 5 expected, no noise: b̄ = (3 − 2)/5 + ½ = 0.7
        AdaptiveClipping a = new AdaptiveClipping(1.0, 0.5, 0.2, 0.0);
        assertEquals(0.7, a.update(3, 4, 5, GaussianNoise.seeded(1)), 1e-15);
        assertEquals(Math.exp(-0.2 * 0.2), a.clipNorm(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> a.update(5, 4, 5, GaussianNoise.seeded(1)));
    }

    private static int below(double[] norms, double c) {
        int k = 0;
        for (double n : norms) {
            if (n <= c) {
                k++;
            }
        }
        return k;
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(0, 0.5, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 1, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveClipping(1, 0.5, 0.2, -1));
    }
}
