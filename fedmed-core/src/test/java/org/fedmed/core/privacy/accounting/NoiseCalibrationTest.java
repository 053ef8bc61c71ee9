package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {

    private static double epsilon(double q, double sigma, long steps, double delta, Conversion conversion) {
        double[] orders = SampledGaussianRdp.defaultOrders();
        return RdpConversions.epsilon(orders, SampledGaussianRdp.rdp(q, sigma, steps, orders), delta, conversion).epsilon();
    }

    @Test
    void calibratedNoiseIsTheSmallestThatMeetsTheBudget() {
        for (Conversion conversion : Conversion.values()) {
            for (double target : new double[] {0.5, 2, 8}) {
                double q = 0.01;
                long steps = 2000;
                double sigma = NoiseCalibration.noiseMultiplier(q, steps, target, 1e-5, conversion);
                assertTrue(epsilon(q, sigma, steps, 1e-5, conversion) <= target, conversion + " eps=" + target);
                // The tolerance is 1e-6 relative, so 1e-5 less noise must break the budget.
                assertTrue(epsilon(q, sigma * (1 - 1e-5), steps, 1e-5, conversion) > target,
                        conversion + " eps=" + target + " sigma=" + sigma);
            }
        }
    }

    @Test
    void matchesTfPrivacyComputeNoiseFromBudget() {
        // TF Privacy compute_noise_from_budget_test.py, test_compute_noise (pre-2021, classic
        // conversion; orders 1.25..4.5, 5..63, 128, 256, 512; steps = ceil(epochs·n/batch)):
        //   (n=60000,  batch=150, ε=0.941870567, 15 epochs, δ=1e-5) → σ = 1.3
        //   (n=100000, batch=100, ε=1.70928734,  30 epochs, δ=1e-7) → σ = 1.0
        double[] orders = new double[72];
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        System.arraycopy(head, 0, orders, 0, 10);
        for (int a = 5; a < 64; a++) {
            orders[a + 5] = a;
        }
        orders[69] = 128;
        orders[70] = 256;
        orders[71] = 512;
        double[] none = new double[orders.length];
        double s0 = NoiseCalibration.noiseMultiplier(orders, none, 150 / 60000.0, 6000, 0.941870567, 1e-5, Conversion.CLASSIC);
        RdpConversionsTest.assertThreeDigits(1.3, s0);
        double s1 = NoiseCalibration.noiseMultiplier(orders, none, 100 / 100000.0, 30000, 1.70928734, 1e-7, Conversion.CLASSIC);
        RdpConversionsTest.assertThreeDigits(1.0, s1);
    }

    @Test
    void mnistRoundTrip() {
        // The ε = 3.01 MNIST setting backwards: the budget 3.01 needs σ ≈ 1.1.
        double sigma = NoiseCalibration.noiseMultiplier(256 / 60000.0, 14063, 3.01, 1e-5, Conversion.CLASSIC);
        RdpConversionsTest.assertThreeDigits(1.10, sigma);
    }

    @Test
    void unreachableBudgetsAreReported() {
        // CLASSIC can never go below log(1/δ)/(α_max − 1) = log(1e5)/255 ≈ 0.045 with these orders.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoiseCalibration.noiseMultiplier(0.01, 100, 0.01, 1e-5, Conversion.CLASSIC));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        // Prior spending above the budget: no amount of future noise helps.
        double[] orders = SampledGaussianRdp.defaultOrders();
        double[] prior = SampledGaussianRdp.rdp(1.0, 0.5, 10, orders);
        assertThrows(IllegalArgumentException.class,
                () -> NoiseCalibration.noiseMultiplier(orders, prior, 0.01, 100, 1.0, 1e-5, Conversion.IMPROVED));
    }

    @Test
    void nothingToCalibrate() {
        assertEquals(0.0, NoiseCalibration.noiseMultiplier(0.0, 100, 1, 1e-5, Conversion.IMPROVED));
        assertEquals(0.0, NoiseCalibration.noiseMultiplier(0.1, 0, 1, 1e-5, Conversion.IMPROVED));
    }

    @Test
    void maxStepsIsTheLastStepWithinBudget() {
        for (Conversion conversion : Conversion.values()) {
            long steps = NoiseCalibration.maxSteps(0.04, 1.5, 4.0, 1e-5, conversion);
            assertTrue(steps > 0);
            assertTrue(epsilon(0.04, 1.5, steps, 1e-5, conversion) <= 4.0);
            assertTrue(epsilon(0.04, 1.5, steps + 1, 1e-5, conversion) > 4.0);
        }
        // Opacus accountants_test.py: 2250 steps at σ=1.5, q=0.04 spend ε=7.32911117143 (δ=1e-5,
        // Opacus orders). With a budget a hair above that, 2250 steps must be affordable.
        double[] opacusOrders = new double[151];
        for (int x = 1; x < 100; x++) {
            opacusOrders[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            opacusOrders[99 + a - 12] = a;
        }
        assertEquals(2250, NoiseCalibration.maxSteps(opacusOrders, new double[151], 0.04, 1.5, 7.3291112, 1e-5,
                Conversion.IMPROVED));
        assertEquals(0, NoiseCalibration.maxSteps(1.0, 0.1, 1.0, 1e-5, Conversion.CLASSIC));
        assertEquals(Long.MAX_VALUE, NoiseCalibration.maxSteps(0.0, 1.0, 1.0, 1e-5, Conversion.CLASSIC));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.noiseMultiplier(1.2, 10, 1, 1e-5, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.noiseMultiplier(0.1, -1, 1, 1e-5, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.noiseMultiplier(0.1, 10, 0, 1e-5, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.noiseMultiplier(0.1, 10, 1, 1, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.maxSteps(0.1, 0, 1, 1e-5, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> NoiseCalibration.maxSteps(0.1, 1, -1, 1e-5, Conversion.IMPROVED));
    }
}
