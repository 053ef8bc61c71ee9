package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.junit.jupiter.api.Test;

class HoldOutTest {

    @Test
    void validationIsADisjointSeededShareOfTheTrainingData() {
        int n = 40;
        float[] features = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[i] = i;
            labels[i] = i % 2;
        }
        LabeledSamples data = new LabeledSamples(new int[] {1}, features, labels, List.of("a", "b"));
        LabeledSamples[] parts = Simulation.holdOut(data, 0.15, 7);
        assertEquals(34, parts[0].size());
        assertEquals(6, parts[1].size(), "round(40 x 0.15) = 6 held out");
        float[] all = new float[n];
        System.arraycopy(parts[0].features(), 0, all, 0, 34);
        System.arraycopy(parts[1].features(), 0, all, 34, 6);
        Arrays.sort(all);
        assertArrayEquals(features, all, "every example lands on exactly one side");
        assertArrayEquals(parts[1].features(), Simulation.holdOut(data, 0.15, 7)[1].features(), "same seed, same split");
    }
}
