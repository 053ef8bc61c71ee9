package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.junit.jupiter.api.Test;

class RiskGroupsTest {

    @Test
    void theCutIsTheTrainingMedianAndSplitsTheTestPatients() {
        // training risks 1..4: median 2.5; test risks 0, 3, 2.5, 9 -> high: the 3 and the 9 (strictly above the cut)
        LabeledSamples test = new LabeledSamples(new int[] {1}, new float[4], new int[] {1, 1, 0, 1}, List.of("censored", "event"),
                new float[] {5, 2, 7, 1});
        RiskGroups g = RiskGroups.of(new double[] {4, 1, 3, 2}, new double[] {0, 3, 2.5, 9}, test);
        assertEquals(2.5, g.threshold(), 0);
        assertEquals(2, g.high().samples());
        assertEquals(2, g.low().samples());
        // high: times 2 (event) and 1 (event): S falls to 0 by time 2; low: 5 (event), 7 (censored): S(5) = 1/2
        assertEquals(0, g.high().survivalAt(2), 1e-12);
        assertEquals(0.5, g.low().survivalAt(6), 1e-12);
        assertEquals(2, g.logRank().observed1());
        assertEquals(1, g.logRank().observed0());
        assertEquals(3, RiskGroups.median(new double[] {5, 1, 3}), 0);
    }
}
