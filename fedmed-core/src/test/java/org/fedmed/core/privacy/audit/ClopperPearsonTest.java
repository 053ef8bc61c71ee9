package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClopperPearsonTest {

    @Test
    void incompleteBetaMatchesClosedForms() {
        // I_x(1/2, 1/2) = (2/π) arcsin √x, the arcsine distribution's CDF
        assertEquals(2 / Math.PI * Math.asin(Math.sqrt(0.2)), IncompleteBeta.regularized(0.2, 0.5, 0.5), 1e-12);
        // I_x(2, 3) = Σ_{j=2..4} C(4, j) x^j (1−x)^{4−j}: at x = 0.4, 0.3456 + 0.1536 + 0.0256
        assertEquals(0.5248, IncompleteBeta.regularized(0.4, 2, 3), 1e-12);
        // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a
        assertEquals(1 - Math.pow(0.7, 12), IncompleteBeta.regularized(0.3, 1, 12), 1e-12);
        assertEquals(Math.pow(0.9, 40), IncompleteBeta.regularized(0.9, 40, 1), 1e-12);
        // symmetric case: I_{1/2}(a, a) = 1/2, on both sides of the continued fraction's switch
        assertEquals(0.5, IncompleteBeta.regularized(0.5, 37, 37), 1e-12);
        // scipy.special.betainc(10, 20, 0.3) = 0.3640040810719437
        assertEquals(0.3640040810719437, IncompleteBeta.regularized(0.3, 10, 20), 1e-10);
    }

    @Test
    void inverseUndoesTheFunction() {
        for (double p : new double[] {1e-6, 0.025, 0.5, 0.975, 1 - 1e-6}) {
            double x = IncompleteBeta.inverse(p, 7.5, 120);
            assertEquals(p, IncompleteBeta.regularized(x, 7.5, 120), 1e-9);
        }
    }

    @Test
    void matchesRsExactBinomialInterval() {
        // R: binom.test(5, 10)$conf.int = 0.1870860 0.8129140 (two-sided 95 %, so one-sided α = 0.025 each)
        assertEquals(0.18708602844739855, ClopperPearson.lower(5, 10, 0.025), 1e-9);
        assertEquals(0.8129139715526015, ClopperPearson.upper(5, 10, 0.025), 1e-9);
        // R: binom.test(7, 20)$conf.int = 0.1539092 0.5921885
        assertEquals(0.15390920478454118, ClopperPearson.lower(7, 20, 0.025), 1e-9);
        assertEquals(0.5921885345328282, ClopperPearson.upper(7, 20, 0.025), 1e-9);
    }

    @Test
    void edgesHaveClosedForms() {
        // no successes in n: the upper bound solves (1 − p)^n = α; all successes: p^n = α
        assertEquals(1 - Math.pow(0.05, 1.0 / 10), ClopperPearson.upper(0, 10, 0.05), 1e-10);
        assertEquals(0.0, ClopperPearson.lower(0, 10, 0.05));
        assertEquals(Math.pow(0.05, 1.0 / 200), ClopperPearson.lower(200, 200, 0.05), 1e-10);
        assertEquals(1.0, ClopperPearson.upper(200, 200, 0.05));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.lower(11, 10, 0.05));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.upper(1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> IncompleteBeta.regularized(0.5, -1, 2));
    }
}
