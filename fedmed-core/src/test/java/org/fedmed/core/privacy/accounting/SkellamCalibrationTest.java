package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.secure.QuantizedSensitivity;
import org.junit.jupiter.api.Test;

/** Calibrating μ: the round trip at the target, the threshold effect, refusals. */
class SkellamCalibrationTest {

    private static final double[] ORDERS = SampledGaussianRdp.defaultOrders();

    @Test
    void theReturnedMuMeetsTheTargetAndOnePercentLessDoesNot() {
        // (clip, scale, d, rounds, ε, δ): a small model with fine and coarse quantization, few and many rounds.
        double[][] settings = {
            {1.0, 1000, 10_000, 100, 3.0, 1e-5},
            {0.5, 30, 1_000_000, 1000, 1.0, 1e-6},
            {2.0, 1e5, 500, 10, 8.0, 1e-5},
        };
        for (double[] s : settings) {
            SkellamCalibration cal = SkellamCalibration.calibrate(s[0], s[1], (int) s[2], (long) s[3], s[4], s[5], 10, 10);
            QuantizedSensitivity sens = cal.sensitivity();
            double at = SkellamCalibration.spent(sens.l1(), sens.l2(), cal.mu(), (long) s[3], s[5], ORDERS,
                    Conversion.IMPROVED).epsilon();
            double below = SkellamCalibration.spent(sens.l1(), sens.l2(), 0.99 * cal.mu(), (long) s[3], s[5], ORDERS,
                    Conversion.IMPROVED).epsilon();
            assertTrue(at <= s[4], "epsilon " + at + " at the returned mu for " + java.util.Arrays.toString(s));
            assertTrue(below > s[4], "epsilon " + below + " at 0.99 mu for " + java.util.Arrays.toString(s));
            assertEquals(at, cal.spent().epsilon(), 0.0);
            assertEquals(sens, QuantizedSensitivity.of(s[0], s[1], (int) s[2]));
        }
    }

    @Test
    void aLowerHonestThresholdAsksMoreOfEverySite() {
        SkellamCalibration all = SkellamCalibration.calibrate(1.0, 1000, 10_000, 100, 3.0, 1e-5, 10, 10);
        SkellamCalibration six = SkellamCalibration.calibrate(1.0, 1000, 10_000, 100, 3.0, 1e-5, 10, 6);
        assertEquals(all.mu(), six.mu(), 0.0, "the accounted noise on a released sum is the same");
        assertEquals(all.mu() / 10, all.muPerSite(), all.mu() * 1e-15);
        assertEquals(six.mu() / 6, six.muPerSite(), six.mu() * 1e-15);
        assertTrue(six.muPerSite() > all.muPerSite() * 1.6, "per-site mu grows by n/t = 10/6");
        assertEquals(six.muPerSite() * 6, six.mu(), six.mu() * 1e-12, "t honest sites carry exactly mu");
        assertEquals(six.muPerSite() * 10, six.muAllSites(), six.mu() * 1e-12);
        assertEquals(all.mu(), all.muAllSites(), all.mu() * 1e-12);
    }

    @Test
    void moreRoundsOrLessEpsilonNeedMoreNoise() {
        double base = SkellamCalibration.calibrate(1.0, 1000, 10_000, 100, 3.0, 1e-5, 5, 5).mu();
        assertTrue(SkellamCalibration.calibrate(1.0, 1000, 10_000, 400, 3.0, 1e-5, 5, 5).mu() > 3 * base);
        assertTrue(SkellamCalibration.calibrate(1.0, 1000, 10_000, 100, 1.0, 1e-5, 5, 5).mu() > 4 * base);
    }

    @Test
    void refusesImpossibleOrMalformedRequests() {
        SkellamRdpTest.assertRefused("honest minimum t", () -> SkellamCalibration.calibrate(1, 10, 10, 1, 1, 1e-5, 5, 6));
        SkellamRdpTest.assertRefused("honest minimum t", () -> SkellamCalibration.calibrate(1, 10, 10, 1, 1, 1e-5, 5, 0));
        SkellamRdpTest.assertRefused("sites", () -> SkellamCalibration.calibrate(1, 10, 10, 1, 1, 1e-5, 0, 0));
        SkellamRdpTest.assertRefused("rounds", () -> SkellamCalibration.calibrate(1, 10, 10, 0, 1, 1e-5, 5, 5));
        SkellamRdpTest.assertRefused("epsilon", () -> SkellamCalibration.calibrate(1, 10, 10, 1, 0, 1e-5, 5, 5));
        SkellamRdpTest.assertRefused("delta", () -> SkellamCalibration.calibrate(1, 10, 10, 1, 1, 0, 5, 5));
        // CLASSIC can never go below log(1/δ)/(α_max − 1) ≈ 0.011 at α_max = 1024.
        SkellamRdpTest.assertRefused("no Skellam parameter mu", () -> SkellamCalibration.minimumMu(
                10, 5, 1, 0.005, 1e-5, ORDERS, Conversion.CLASSIC));
    }
}
