package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Skellam RDP curve: its value, its Gaussian limit and lower bound, monotonicity, bad input. */
class SkellamRdpTest {

    private static final double[] ORDERS = SampledGaussianRdp.defaultOrders();

    @Test
    void matchesTheFormulaWorkedByHand() {
        // Δ1 = 10, Δ2 = 5, μ = 50, α = 3: 3·25/200 = 0.375, plus min((5·25 + 60)/40000, 30/200) = 0.004625.
        assertEquals(0.379625, SkellamRdp.rdp(10, 5, 50, 3.0), 1e-15);
        // The second branch of the min: Δ1 = 1, Δ2 = 1, μ = 0.1, α = 2: 2/0.4 + min((3 + 6)/0.16, 3/0.4) = 5 + 7.5.
        assertEquals(12.5, SkellamRdp.rdp(1, 1, 0.1, 2.0), 1e-12);
        // A fractional order is bounded by the next integer one.
        assertEquals(SkellamRdp.rdp(10, 5, 50, 3.0), SkellamRdp.rdp(10, 5, 50, 2.5), 0.0);
        double[] three = SkellamRdp.rdp(10, 5, 50, 3, new double[] {2, 3});
        assertArrayEquals(new double[] {3 * SkellamRdp.rdp(10, 5, 50, 2.0), 3 * 0.379625}, three, 1e-14);
        assertArrayEquals(new double[] {0, 0}, SkellamRdp.rdp(10, 5, 50, 0, new double[] {2, 3}));
    }

    @Test
    void tendsToTheGaussianAtTheSameVarianceAsMuGrows() {
        // Fixed Δ2²/(2μ) = 1/σ²: the Skellam curve must approach α/(2σ²), the Gaussian with σ² = 2μ/Δ2².
        double sigma = 1.3;
        int d = 1_000_000;
        double[] gaussian = SampledGaussianRdp.rdp(1.0, sigma, 1, ORDERS);
        double previousGap = Double.POSITIVE_INFINITY;
        for (double mu : new double[] {1e2, 1e4, 1e6, 1e8, 1e10}) {
            double l2 = Math.sqrt(2 * mu) / sigma;
            double l1 = Math.min(l2 * l2, Math.sqrt(d) * l2);
            double[] skellam = SkellamRdp.rdp(l1, l2, mu, 1, ORDERS);
            double gap = 0;
            for (int i = 0; i < ORDERS.length; i++) {
                if (ORDERS[i] == Math.rint(ORDERS[i])) {
                    gap = Math.max(gap, skellam[i] / gaussian[i] - 1);
                }
            }
            assertTrue(gap < previousGap, "relative gap shrinks with mu: " + gap + " at mu=" + mu);
            previousGap = gap;
        }
        assertTrue(previousGap < 1e-3, "at mu=1e10 the curves agree to 0.1%: " + previousGap);
    }

    @Test
    void isNeverBelowTheGaussianAtTheSameVariance() {
        double[][] settings = {{1, 1, 0.5}, {10, 5, 50}, {1e4, 100, 1e4}, {3e6, 2e3, 1e7}, {1e12, 1e6, 1e15}};
        for (double[] s : settings) {
            double[] skellam = SkellamRdp.rdp(s[0], s[1], s[2], 1, ORDERS);
            double[] gaussian = SampledGaussianRdp.rdp(1.0, SkellamRdp.equivalentNoiseMultiplier(s[1], s[2]), 1, ORDERS);
            for (int i = 0; i < ORDERS.length; i++) {
                assertTrue(skellam[i] >= gaussian[i] * (1 - 1e-12),
                        "alpha=" + ORDERS[i] + " for l1,l2,mu=" + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void growsWithTheOrder() {
        double[] curve = SkellamRdp.rdp(40, 7, 30, 1, ORDERS);
        for (int i = 1; i < curve.length; i++) {
            assertTrue(curve[i] >= curve[i - 1], "non-decreasing at alpha=" + ORDERS[i]);
            if (Math.ceil(ORDERS[i]) > Math.ceil(ORDERS[i - 1])) {
                assertTrue(curve[i] > curve[i - 1], "strictly increasing across integers at alpha=" + ORDERS[i]);
            }
        }
    }

    @Test
    void refusesNonPositiveParametersByName() {
        assertRefused("delta1", () -> SkellamRdp.rdp(0, 1, 1, 2.0));
        assertRefused("delta1", () -> SkellamRdp.rdp(Double.NaN, 1, 1, 2.0));
        assertRefused("delta2", () -> SkellamRdp.rdp(1, -1, 1, 2.0));
        assertRefused("mu", () -> SkellamRdp.rdp(1, 1, 0, 2.0));
        assertRefused("mu", () -> SkellamRdp.rdp(1, 1, Double.POSITIVE_INFINITY, ORDERS[0]));
        assertRefused("alpha", () -> SkellamRdp.rdp(1, 1, 1, 1.0));
        assertRefused("steps", () -> SkellamRdp.rdp(1, 1, 1, -1, ORDERS));
    }

    static void assertRefused(String name, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(name), "message names " + name + ": " + e.getMessage());
    }
}
