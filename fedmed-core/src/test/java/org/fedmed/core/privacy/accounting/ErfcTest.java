package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values are from mpmath 1.3.0 at 50 significant digits ({@code mpmath.erfc},
 * {@code mpmath.log(mpmath.erfc(x))}); the short ones agree with scipy.special.erfc and with
 * Abramowitz &amp; Stegun Table 7.1 (erf(0.5) = 0.5204998778, erf(1) = 0.8427007929).
 */
class ErfcTest {

    private static void assertRelative(double expected, double actual, double tolerance) {
        assertEquals(expected, actual, Math.abs(expected) * tolerance, () -> "expected " + expected + " got " + actual);
    }

    @Test
    void erfcMatchesHighPrecisionValues() {
        assertEquals(1.0, Erfc.erfc(0.0), 0.0);
        assertRelative(1.8427007929497148693, Erfc.erfc(-1.0), 1e-15);
        assertRelative(0.8875370839817151078, Erfc.erfc(0.1), 1e-15);
        assertRelative(0.4795001221869535, Erfc.erfc(0.5), 1e-15);
        assertRelative(0.15729920705028513066, Erfc.erfc(1.0), 4e-15);
        assertRelative(0.0046777349810472658379, Erfc.erfc(2.0), 4e-15);
        assertRelative(2.209049699858544e-05, Erfc.erfc(3.0), 4e-15);
        assertRelative(1.5374597944280348502e-12, Erfc.erfc(5.0), 4e-15);
        assertRelative(2.088487583762544757e-45, Erfc.erfc(10.0), 1e-14);
    }

    @Test
    void logErfcStaysAccurateWhereErfcUnderflows() {
        // log erfc(10) = −102.8798890248448885748 (mpmath); erfc(30) and beyond underflow a double.
        assertRelative(-102.8798890248448885748, Erfc.logErfc(10.0), 1e-15);
        assertEquals(0.0, Erfc.erfc(30.0), 0.0);
        assertRelative(-903.9741171106438780796, Erfc.logErfc(30.0), 1e-15);
        assertRelative(-10005.17758512266433257, Erfc.logErfc(100.0), 1e-15);
        assertRelative(-1000007.480120721906212, Erfc.logErfc(1000.0), 1e-15);
        assertRelative(-1000000000014.387875501, Erfc.logErfc(1e6), 1e-15);
        assertRelative(Math.log(0.4795001221869535), Erfc.logErfc(0.5), 1e-15);
        assertRelative(Math.log(1.8427007929497148693), Erfc.logErfc(-1.0), 1e-15);
    }

    @Test
    void branchesJoinSmoothlyAndSymmetryHolds() {
        // Series below 1.25, continued fraction above: the two must agree at the seam.
        double below = Erfc.erfc(Math.nextDown(1.25));
        double above = Erfc.erfc(1.25);
        assertRelative(above, below, 1e-14);
        for (double x = -4; x <= 4; x += 0.37) {
            assertEquals(2.0, Erfc.erfc(x) + Erfc.erfc(-x), 1e-15);
        }
        double previous = Double.POSITIVE_INFINITY;
        for (double x = -5; x <= 40; x += 0.25) {
            double value = Erfc.logErfc(x);
            assertTrue(value < previous, "log erfc must decrease, failed at x=" + x);
            previous = value;
        }
    }
}
