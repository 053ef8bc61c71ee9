package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConcordanceIndexTest {

    @Test
    void risksInTheOrderOfEventsGiveOneAndTheReverseZero() {
        float[] t = {1, 2, 3, 4};
        int[] e = {1, 1, 1, 1};
        assertEquals(1.0, ConcordanceIndex.harrell(new double[] {4, 3, 2, 1}, t, e), 1e-12);
        assertEquals(0.0, ConcordanceIndex.harrell(new double[] {1, 2, 3, 4}, t, e), 1e-12);
    }

    @Test
    void censoredPatientsCountOnlyAsTheLaterOfAPair() {
        // times 1(event) 2(censored) 3(event) 4(censored); comparable pairs: (0,1) (0,2) (0,3) (2,3) = 4
        // risks 5 1 2 3: (0,1) ok, (0,2) ok, (0,3) ok, (2,3) wrong -> 3/4; a censored earlier time is never compared
        double c = ConcordanceIndex.harrell(new double[] {5, 1, 2, 3}, new float[] {1, 2, 3, 4}, new int[] {1, 0, 1, 0});
        assertEquals(0.75, c, 1e-12);
    }

    @Test
    void tiesInRiskCountHalfAndTiesInTimeAreNotCompared() {
        // times 1(e) 1(e) 2(c): (0,1) tied in time -> not comparable; (0,2) risk tie -> 1/2; (1,2) concordant -> 1
        double c = ConcordanceIndex.harrell(new double[] {2, 3, 2}, new float[] {1, 1, 2}, new int[] {1, 1, 0});
        assertEquals(0.75, c, 1e-12);
    }

    @Test
    void noComparablePairIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConcordanceIndex.harrell(new double[] {1, 2}, new float[] {1, 2}, new int[] {0, 1}));
        assertEquals(true, e.getMessage().contains("no comparable pair"));
        assertThrows(IllegalArgumentException.class, () -> ConcordanceIndex.harrell(new double[] {1}, new float[] {1, 2}, new int[] {1, 1}));
    }
}
