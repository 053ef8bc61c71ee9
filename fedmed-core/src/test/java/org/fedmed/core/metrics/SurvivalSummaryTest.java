package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurvivalSummaryTest {

    @Test
    void countsEventsAndCensoredAndTakesHarrellsIndex() {
        // same data as ConcordanceIndexTest: 3 of 4 comparable pairs in order
        SurvivalSummary s = SurvivalSummary.of(new double[] {5, 1, 2, 3}, new float[] {1, 2, 3, 4}, new int[] {1, 0, 1, 0});
        assertEquals(4, s.samples());
        assertEquals(2, s.events());
        assertEquals(2, s.censored());
        assertEquals(0.75, s.cIndex(), 1e-12);
    }

    @Test
    void noComparablePairGivesNaNNotAnError() {
        SurvivalSummary s = SurvivalSummary.of(new double[] {1, 2}, new float[] {1, 2}, new int[] {0, 0});
        assertEquals(2, s.censored());
        assertTrue(Double.isNaN(s.cIndex()));
    }

    @Test
    void partialLikelihoodMatchesHandComputedValues() {
        // equal risks, events at 1 and 2: (log 2 − 0) + (log 1 − 0), over 2 patients
        assertEquals(Math.log(2) / 2, PartialLikelihood.meanNegativeLog(new double[] {0, 0}, new float[] {1, 2}, new int[] {1, 1}),
                1e-12);
        // risk 1 dies at 1 with the censored risk 0 still at risk: log(e + 1) − 1, over 2 patients
        assertEquals((Math.log(Math.E + 1) - 1) / 2,
                PartialLikelihood.meanNegativeLog(new double[] {1, 0}, new float[] {1, 2}, new int[] {1, 0}), 1e-12);
        // large scores do not overflow
        assertEquals(PartialLikelihood.meanNegativeLog(new double[] {0, 0}, new float[] {1, 2}, new int[] {1, 1}),
                PartialLikelihood.meanNegativeLog(new double[] {1000, 1000}, new float[] {1, 2}, new int[] {1, 1}), 1e-9);
    }

    @Test
    void aSurvivalEvaluationHasNoAccuracy() {
        EvaluationResult e = EvaluationResult.survival(0.5, new SurvivalSummary(3, 1, 2, 0.7));
        assertTrue(e.isSurvival());
        assertEquals(3, e.samples());
        IllegalStateException x = assertThrows(IllegalStateException.class, e::metrics);
        assertTrue(x.getMessage().contains("C-index"));
        assertThrows(IllegalArgumentException.class, () -> new SurvivalSummary(3, 1, 1, 0.5));
    }
}
