package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RdpConversionsTest {

    /** Asserts agreement to 3 significant digits: |actual − expected| ≤ half a unit of the 3rd. */
    static void assertThreeDigits(double expected, double actual) {
        double unit = Math.pow(10, Math.floor(Math.log10(Math.abs(expected))) - 2);
        assertEquals(expected, actual, 0.5 * unit, () -> "expected " + expected + " (3 s.f.), got " + actual);
    }

    private static PrivacySpent dpSgd(double q, double sigma, long steps, double delta, double[] orders,
                                      Conversion conversion) {
        return RdpConversions.epsilon(orders, SampledGaussianRdp.rdp(q, sigma, steps, orders), delta, conversion);
    }

    /** Orders of TF Privacy's compute_dp_sgd_privacy(_lib).py: 1.25..4.5, 5..63, 128, 256, 512. */
    private static double[] tfCliOrders() {
        double[] orders = new double[10 + 59 + 3];
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        System.arraycopy(head, 0, orders, 0, head.length);
        for (int a = 5; a < 64; a++) {
            orders[10 + a - 5] = a;
        }
        orders[69] = 128;
        orders[70] = 256;
        orders[71] = 512;
        return orders;
    }

    /** Orders of TF Privacy's MNIST tutorial and Opacus's RDPAccountant: 1.1, 1.2, …, 10.9, 12..63. */
    private static double[] tutorialOrders() {
        double[] orders = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            orders[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            orders[99 + a - 12] = a;
        }
        return orders;
    }

    @Test
    void mnistTutorialEpsilonIs301() {
        // TF Privacy tutorials/README.md: "compute_dp_sgd_privacy.py --N=60000 --batch_size=256
        // --noise_multiplier=1.1 --epochs=60 --delta=1e-5 ... satisfies differential privacy with
        // eps = 3.01 and delta = 1e-05" (classic conversion, pre-2021). That script uses
        // steps = ceil(epochs·N/batch) = ceil(14062.5) = 14063.
        double q = 256.0 / 60000;
        long steps = (long) Math.ceil(60 * 60000 / 256.0);
        assertEquals(14063, steps);
        PrivacySpent withCliOrders = dpSgd(q, 1.1, steps, 1e-5, tfCliOrders(), Conversion.CLASSIC);
        assertThreeDigits(3.01, withCliOrders.epsilon());
        PrivacySpent withDefaults = dpSgd(q, 1.1, steps, 1e-5, SampledGaussianRdp.defaultOrders(), Conversion.CLASSIC);
        assertThreeDigits(3.01, withDefaults.epsilon());
        // the finer default grid (dp_accounting's) finds a better order than the integer 9
        assertEquals(8.8, withDefaults.order(), 1e-12);
        assertTrue(withDefaults.epsilon() <= withCliOrders.epsilon());
    }

    @Test
    void mnistTutorialTableRows() {
        // TF Privacy tutorials/README.md "Select Parameters" table (batch 256, δ = 1e-5, classic):
        // σ = 1.3 for 15 epochs → ε = 1.19; σ = 0.7 for 45 epochs → ε = 7.10. The tutorial's
        // compute_epsilon uses the orders 1.1..10.9 (step 0.1) + 12..63 and
        // steps = epoch·(60000 // 256) = epoch·234 (floor).
        double q = 256.0 / 60000;
        assertThreeDigits(1.19, dpSgd(q, 1.3, 15 * 234, 1e-5, tutorialOrders(), Conversion.CLASSIC).epsilon());
        assertThreeDigits(7.10, dpSgd(q, 0.7, 45 * 234, 1e-5, tutorialOrders(), Conversion.CLASSIC).epsilon());
    }

    @Test
    void computeDpSgdPrivacyTestValues() {
        // TF Privacy compute_dp_sgd_privacy_test.py, test_compute_dp_sgd_privacy (RDP accountant
        // of dp_accounting, i.e. the improved conversion; steps = ceil(epochs·n/batch)):
        //   (n=60000,  batch=150,  σ=1.3, 15 epochs, δ=1e-5) → ε=0.7242234026109595, order 19
        //   (n=100000, batch=100,  σ=1.0, 30 epochs, δ=1e-7) → ε=1.4154988495444842, order 13
        //   (n=1e8,    batch=1024, σ=0.1, 10 epochs, δ=1e-7) → ε=5907982.3113978775, order 1.25
        double[] orders = tfCliOrders();
        PrivacySpent t0 = dpSgd(150 / 60000.0, 1.3, (long) Math.ceil(15 * 60000 / 150.0), 1e-5, orders, Conversion.IMPROVED);
        assertThreeDigits(0.7242234026109595, t0.epsilon());
        assertEquals(0.7242234026109595, t0.epsilon(), 1e-9);
        assertEquals(19.0, t0.order());
        PrivacySpent t1 = dpSgd(100 / 100000.0, 1.0, (long) Math.ceil(30 * 100000 / 100.0), 1e-7, orders, Conversion.IMPROVED);
        assertEquals(1.4154988495444842, t1.epsilon(), 1e-9);
        assertEquals(13.0, t1.order());
        PrivacySpent t2 = dpSgd(1024 / 1e8, 0.1, (long) Math.ceil(10 * 1e8 / 1024.0), 1e-7, orders, Conversion.IMPROVED);
        assertThreeDigits(5907982.3113978775, t2.epsilon());
        assertEquals(1.25, t2.order());
    }

    @Test
    void opacusRdpAccountantValue() {
        // Opacus opacus/tests/accountants_test.py, test_rdp_accountant: σ=1.5, sample_rate=0.04,
        // steps=int(90/0.04)=2250, δ=1e-5 → ε=7.32911117143 with Opacus's default alphas
        // (1.1..10.9, 12..63) and its Balle et al. conversion (no total-variation shortcut).
        PrivacySpent spent = dpSgd(0.04, 1.5, 2250, 1e-5, tutorialOrders(), Conversion.IMPROVED);
        assertThreeDigits(7.32911117143, spent.epsilon());
        assertEquals(7.32911117143, spent.epsilon(), 1e-8);
    }

    @Test
    void constantRdpPicksLargestOrder() {
        // TF Privacy rdp_accountant_test.py, test_get_privacy_spent_check_target_delta/eps:
        // orders 2..32 with RDP 1.1 each (pure DP); δ=1e-5 → ε=1.32783806176 at order 32, and
        // back: ε=1.32783806176 → δ=1e-5 (assertAlmostEqual, 7 places).
        double[] orders = new double[31];
        double[] rdp = new double[31];
        for (int i = 0; i < 31; i++) {
            orders[i] = i + 2;
            rdp[i] = 1.1;
        }
        PrivacySpent eps = RdpConversions.epsilon(orders, rdp, 1e-5, Conversion.IMPROVED);
        assertEquals(1.32783806176, eps.epsilon(), 1e-7);
        assertEquals(32.0, eps.order());
        PrivacySpent delta = RdpConversions.delta(orders, rdp, 1.32783806176, Conversion.IMPROVED);
        assertEquals(1e-5, delta.delta(), 1e-7);
        assertThreeDigits(1e-5, delta.delta());
        assertEquals(32.0, delta.order());
    }

    @Test
    void unsampledGaussianCalibratedToOneEpsilon() {
        // TF Privacy rdp_accountant_test.py, second half of test_get_privacy_spent_check_target_*:
        // q=1, σ=4.530877117, orders 0.001·i (i < 100000) "chosen to obtain exactly (1,1e-6)-DP".
        // (Orders ≤ 1 are skipped here: they are invalid RDP orders and never optimal.)
        double[] orders = new double[100000 - 1001];
        for (int i = 1001; i < 100000; i++) {
            orders[i - 1001] = 0.001 * i;
        }
        double[] rdp = SampledGaussianRdp.rdp(1.0, 4.530877117, 1, orders);
        assertEquals(1.0, RdpConversions.epsilon(orders, rdp, 1e-6, Conversion.IMPROVED).epsilon(), 1e-7);
        assertEquals(1e-6, RdpConversions.delta(orders, rdp, 1.0, Conversion.IMPROVED).delta(), 1e-7);
    }

    @Test
    void improvedNeverWorseThanClassic() {
        double[] orders = SampledGaussianRdp.defaultOrders();
        for (double q : new double[] {0.001, 0.01, 0.1, 1}) {
            for (double sigma : new double[] {0.6, 1, 3}) {
                double[] rdp = SampledGaussianRdp.rdp(q, sigma, 1000, orders);
                for (double delta : new double[] {1e-3, 1e-5, 1e-9}) {
                    double classic = RdpConversions.epsilon(orders, rdp, delta, Conversion.CLASSIC).epsilon();
                    double improved = RdpConversions.epsilon(orders, rdp, delta, Conversion.IMPROVED).epsilon();
                    assertTrue(improved <= classic, "q=" + q + " sigma=" + sigma + " delta=" + delta);
                }
                double classicDelta = RdpConversions.delta(orders, rdp, 2.0, Conversion.CLASSIC).delta();
                double improvedDelta = RdpConversions.delta(orders, rdp, 2.0, Conversion.IMPROVED).delta();
                assertTrue(improvedDelta <= classicDelta);
            }
        }
    }

    @Test
    void epsilonAndDeltaAreInverse() {
        // As TF Privacy's test_get_privacy_spent_consistency: δ → ε → δ returns the same δ.
        double[] orders = SampledGaussianRdp.defaultOrders();
        double[] rdp = SampledGaussianRdp.rdp(0.01, 1.0, 5000, orders);
        for (Conversion conversion : Conversion.values()) {
            for (double delta : new double[] {0.1, 1e-3, 1e-5, 1e-9}) {
                PrivacySpent forward = RdpConversions.epsilon(orders, rdp, delta, conversion);
                PrivacySpent back = RdpConversions.delta(orders, rdp, forward.epsilon(), conversion);
                assertEquals(delta, back.delta(), delta * 1e-9, conversion + " delta=" + delta);
                assertEquals(forward.order(), back.order());
            }
        }
    }

    @Test
    void nothingSpentMeansZeroEpsilon() {
        double[] orders = SampledGaussianRdp.defaultOrders();
        double[] zero = new double[orders.length];
        for (Conversion conversion : Conversion.values()) {
            assertEquals(0.0, RdpConversions.epsilon(orders, zero, 1e-5, conversion).epsilon());
            assertEquals(0.0, RdpConversions.delta(orders, zero, 1.0, conversion).delta());
        }
    }

    @Test
    void rejectsInvalidArguments() {
        double[] orders = {2, 3};
        double[] rdp = {0.1, 0.2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RdpConversions.epsilon(orders, rdp, 0, Conversion.CLASSIC));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RdpConversions.epsilon(orders, rdp, 1.0, Conversion.CLASSIC));
        assertThrows(IllegalArgumentException.class, () -> RdpConversions.epsilon(orders, rdp, -1e-5, Conversion.CLASSIC));
        e = assertThrows(IllegalArgumentException.class, () -> RdpConversions.delta(orders, rdp, 0, Conversion.CLASSIC));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RdpConversions.delta(orders, rdp, -2, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class,
                () -> RdpConversions.epsilon(orders, new double[] {0.1}, 1e-5, Conversion.CLASSIC));
        assertThrows(IllegalArgumentException.class,
                () -> RdpConversions.epsilon(orders, new double[] {0.1, -0.2}, 1e-5, Conversion.CLASSIC));
        assertThrows(IllegalArgumentException.class,
                () -> RdpConversions.epsilon(new double[] {1.0, 2}, rdp, 1e-5, Conversion.CLASSIC));
    }
}
