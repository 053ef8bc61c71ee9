package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampledGaussianRdpTest {

    static void assertRelative(double expected, double actual, double tolerance) {
        assertEquals(expected, actual, Math.abs(expected) * tolerance, () -> "expected " + expected + " got " + actual);
    }

    @Test
    void defaultOrdersAreTheDocumentedList() {
        double[] orders = SampledGaussianRdp.defaultOrders();
        assertEquals(156, orders.length);
        assertArrayEquals(new double[] {1.1, 1.2, 1.3, 1.4, 1.5}, Arrays.copyOf(orders, 5), 1e-15);
        assertEquals(10.9, orders[98], 1e-12);
        assertEquals(11, orders[99]);
        assertEquals(63, orders[151]);
        assertArrayEquals(new double[] {128, 256, 512, 1024}, Arrays.copyOfRange(orders, 152, 156));
    }

    @Test
    void edgeSamplingRates() {
        // TF Privacy rdp_accountant_test.py: test_compute_rdp_no_data / test_compute_rdp_no_sampling.
        assertEquals(0.0, SampledGaussianRdp.rdp(0.0, 10, 20));
        assertEquals(0.1, SampledGaussianRdp.rdp(1.0, 10, 20), 1e-15);
        for (double alpha : SampledGaussianRdp.defaultOrders()) {
            assertEquals(alpha / (2 * 1.3 * 1.3), SampledGaussianRdp.rdp(1.0, 1.3, alpha), 1e-12);
        }
        // Noise so small that 1/σ² overflows: no finite guarantee, for either formula.
        assertEquals(Double.POSITIVE_INFINITY, SampledGaussianRdp.rdp(0.5, 1e-160, 2));
        assertEquals(Double.POSITIVE_INFINITY, SampledGaussianRdp.rdp(0.5, 1e-160, 2.5));
    }

    @Test
    void matchesTfPrivacyReferenceValues() {
        // TF Privacy rdp_accountant_test.py, test_compute_rdp_scalar:
        // compute_rdp(q=0.1, noise_multiplier=2, steps=10, orders=5) ≈ 0.07737 (places=5).
        assertEquals(0.07737, 10 * SampledGaussianRdp.rdp(0.1, 2, 5), 5e-6);

        // TF Privacy rdp_accountant_test.py, test_compute_rdp_sequence:
        // compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]) =
        // [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307] (delta=1e-5); mixes fractional
        // and integer orders. Checked both to the source's tolerance and to 3 significant digits.
        double[] orders = {1.5, 2.5, 5, 50, 100};
        double[] expected = {0.00065, 0.001085, 0.00218075, 0.023846, 167.416307};
        double[] actual = SampledGaussianRdp.rdp(0.01, 2.5, 50, orders);
        for (int i = 0; i < orders.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "order " + orders[i]);
            assertEquals(expected[i], actual[i], 5e-3 * expected[i], "order " + orders[i]);
        }
    }

    @Test
    void matchesNumericalIntegrationOfTheDefinition() {
        // TF Privacy's test_compute_log_a_equals_mp parameter sets (q, sigma, alpha); expected
        // RDP = log(A_alpha)/(alpha-1) with A_alpha integrated by mpmath.quad at 30 digits from
        // A = ∫ N(z;0,σ²)·((1−q) + q·exp((2z−1)/(2σ²)))^α dz. TF asserts rtol 1e-4; we match
        // to better than 1e-8.
        double[][] cases = {
            {1e-7, 0.1, 1.01, 4.0034123225263955e-06},
            {1e-6, 0.1, 256, 12786.13031096926},
            {1e-5, 0.1, 256.1, 12793.441943506159},
            {1e-6, 1.0, 27, 3.37288896340327e-11},
            {1e-4, 1.0, 1.5, 1.2885373907673299e-08},
            {1e-3, 1.0, 2, 1.7182803522145153e-06},
            {0.01, 10, 20, 1.0068263112022611e-05},
            {0.1, 100, 20.5, 1.0252214593881176e-05},
            {0.99, 0.1, 256, 12799.989910251064},
            {0.999, 100, 256.1, 0.012779725746660572},
        };
        for (double[] c : cases) {
            assertRelative(c[3], SampledGaussianRdp.rdp(c[0], c[1], c[2]), 1e-8);
        }
    }

    @Test
    void monotoneInSamplingRateAndNoise() {
        double[] rates = {1e-4, 1e-3, 0.01, 0.05, 0.2, 0.5, 0.9, 1.0};
        double[] sigmas = {0.5, 0.8, 1.1, 2, 5};
        for (double alpha : new double[] {1.25, 1.75, 2, 4.5, 8, 32.5, 64}) {
            for (double sigma : sigmas) {
                double previous = 0;
                for (double q : rates) {
                    double value = SampledGaussianRdp.rdp(q, sigma, alpha);
                    assertTrue(value > previous, "RDP must grow with q at alpha=" + alpha + " sigma=" + sigma);
                    previous = value;
                }
            }
            for (double q : rates) {
                double previous = Double.POSITIVE_INFINITY;
                for (double sigma : sigmas) {
                    double value = SampledGaussianRdp.rdp(q, sigma, alpha);
                    assertTrue(value < previous, "RDP must shrink with sigma at alpha=" + alpha + " q=" + q);
                    previous = value;
                }
            }
        }
    }

    @Test
    void fractionalOrdersLieBetweenTheirIntegerNeighbours() {
        // RDP is non-decreasing in α, so the fractional series (erfc-based) must land between
        // the values of the integer (binomial) formula at floor(α) and ceil(α).
        for (double q : new double[] {0.001, 0.01, 0.1, 0.5, 0.9}) {
            for (double sigma : new double[] {0.7, 1.1, 3}) {
                for (int lower = 2; lower < 40; lower += 3) {
                    double lo = SampledGaussianRdp.rdp(q, sigma, lower);
                    double hi = SampledGaussianRdp.rdp(q, sigma, lower + 1);
                    for (double frac : new double[] {0.25, 0.5, 0.75}) {
                        double mid = SampledGaussianRdp.rdp(q, sigma, lower + frac);
                        assertTrue(lo <= mid && mid <= hi, "q=" + q + " sigma=" + sigma + " alpha=" + (lower + frac)
                                + ": " + lo + " <= " + mid + " <= " + hi);
                    }
                }
            }
        }
    }

    @Test
    void integerOrdersAreContinuousWithTheFractionalSeries() {
        // Approaching an integer order from the fractional side must reach the integer formula.
        for (double q : new double[] {0.01, 0.3}) {
            double exact = SampledGaussianRdp.rdp(q, 1.1, 5);
            double near = SampledGaussianRdp.rdp(q, 1.1, 5 + 1e-9);
            assertRelative(exact, near, 1e-6);
        }
    }

    @Test
    void stepsMultiplyRdp() {
        double[] orders = SampledGaussianRdp.defaultOrders();
        double[] one = SampledGaussianRdp.rdp(0.02, 1.0, 1, orders);
        double[] many = SampledGaussianRdp.rdp(0.02, 1.0, 300, orders);
        for (int i = 0; i < orders.length; i++) {
            assertRelative(300 * one[i], many[i], 1e-12);
        }
        assertArrayEquals(new double[orders.length], SampledGaussianRdp.rdp(0.02, 1.0, 0, orders));
    }

    @Test
    void effectiveNoiseMultiplierCombinesGroupsLikeOneGaussian() {
        assertEquals(1.3, SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {1.3}), 1e-15);
        // k equal groups: σ/√k (TF Privacy's ledger formula sum((σ_i)^-2)^-0.5, arXiv:1812.06210).
        assertEquals(2.0 / Math.sqrt(4), SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {2, 2, 2, 2}), 1e-15);
        assertEquals(1.0 / Math.sqrt(1 + 0.25), SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {1, 2}), 1e-15);

        // Derivation check without sampling: the Rényi divergence between N(μ, Σ) and N(0, Σ) is
        // α/2·μᵀΣ⁻¹μ. With group i shifted by its clip norm C_i (worst case) and noise std σ_i·C_i,
        // that is α/2·Σ_i C_i²/(σ_i C_i)² = α/2·Σ_i σ_i⁻², whatever the C_i: the q = 1 RDP of
        // a single Gaussian with σ_eff.
        double[] sigmas = {0.8, 1.5, 3.0};
        double[] clips = {0.1, 1.0, 7.5};
        double sigmaEff = SampledGaussianRdp.effectiveNoiseMultiplier(sigmas);
        for (double alpha : new double[] {1.5, 2, 10, 64}) {
            double direct = 0;
            for (int i = 0; i < sigmas.length; i++) {
                double noiseStd = sigmas[i] * clips[i];
                direct += alpha / 2 * clips[i] * clips[i] / (noiseStd * noiseStd);
            }
            assertRelative(direct, SampledGaussianRdp.rdp(1.0, sigmaEff, alpha), 1e-12);
        }
        // More noise in any group can only help, and no group can do worse than all of them.
        assertTrue(sigmaEff < 0.8);
        assertTrue(SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {0.8, 1.5, 30}) > sigmaEff);
    }

    @Test
    void rejectsInvalidArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, 0, 2));
        assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, Double.NaN, 2));
        e = assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(1.5, 1, 2));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(-0.1, 1, 2));
        e = assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, 1, 1.0));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, 1, 0.5));
        e = assertThrows(IllegalArgumentException.class,
                () -> SampledGaussianRdp.rdp(0.1, 1, -1, new double[] {2}));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.rdp(0.1, 1, 1, new double[] {3, 2}));
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.effectiveNoiseMultiplier(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> SampledGaussianRdp.effectiveNoiseMultiplier(new double[0]));
    }
}
