package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-run audit bound: closed forms where they exist, and soundness against a mechanism whose ε is known. */
class OneRunBoundTest {

    @Test
    void allGuessesRightUnderPureDpHasAClosedForm() {
        // δ = 0, v = r: p = q^r < 0.05 ⇔ q > 0.05^(1/r); the bound is the log-odds of that q
        for (int r : new int[] {10, 100, 1000}) {
            double q = Math.pow(0.05, 1.0 / r);
            assertEquals(Math.log(q / (1 - q)), OneRunBound.epsilonLowerBound(r, r, r, 0, 0.95), 1e-5, "r = " + r);
        }
    }

    @Test
    void theBinomialPiecesAreRight() {
        assertEquals(10 * 9 * 8 / 6.0 * Math.pow(0.3, 3) * Math.pow(0.7, 7), OneRunBound.binomialPmf(10, 3, 0.3), 1e-12);
        // ε = 0: q = ½, P[Binomial(4, ½) ≥ 3] = 5/16
        assertEquals(5.0 / 16, OneRunBound.pValue(4, 4, 3, 0, 0), 1e-12);
        assertEquals(1, OneRunBound.pValue(4, 4, 0, 0, 0));
    }

    @Test
    void deltaAndChanceLevelGuessesWeakenTheBound() {
        double pure = OneRunBound.epsilonLowerBound(1000, 1000, 900, 0, 0.95);
        double withDelta = OneRunBound.epsilonLowerBound(1000, 1000, 900, 1e-5, 0.95);
        assertTrue(withDelta <= pure && withDelta > 0, pure + " vs " + withDelta);
        assertEquals(0, OneRunBound.epsilonLowerBound(1000, 1000, 500, 1e-5, 0.95));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OneRunBound.pValue(10, 11, 3, 1, 0)).getMessage()
                .contains("guesses"));
    }

    @Test
    void aRandomisedResponseMechanismIsNeverCaughtAboveItsEpsilon() {
        // each guess is right with probability e^ε/(1 + e^ε), the best any attack can do against ε-DP randomised response
        Random rng = new Random(11);
        double epsilon = 1.0;
        double q = Math.exp(epsilon) / (1 + Math.exp(epsilon));
        int trials = 40;
        int above = 0;
        double sum = 0;
        for (int t = 0; t < trials; t++) {
            int r = 2000;
            int v = 0;
            for (int i = 0; i < r; i++) {
                v += rng.nextDouble() < q ? 1 : 0;
            }
            double lb = OneRunBound.epsilonLowerBound(r, r, v, 0, 0.95);
            sum += lb;
            above += lb > epsilon ? 1 : 0;
        }
        // at 95 % confidence about 2 of 40 may exceed ε by chance; more would mean the bound is not valid
        assertTrue(above <= 6, above + " of " + trials + " bounds above ε = 1");
        assertTrue(sum / trials > 0.8, "and it is not vacuous either: mean bound " + sum / trials);
    }
}
