package org.fedmed.core.contribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardSplitTest {

    private static long cents(Map<String, Double> rewards) {
        return rewards.values().stream().mapToLong(r -> Math.round(r * 100)).sum();
    }

    @Test
    void sharesFollowTheValuesAndAddUpToThePoolExactly() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("a", 1.0);
        values.put("b", 1.0);
        values.put("c", 1.0);
        Map<String, Double> r = RewardSplit.split(values, 100);
        assertEquals(10000, cents(r));
        assertEquals(33.34, r.get("a"));
        assertEquals(33.33, r.get("b"));
        values.put("c", 2.0);
        r = RewardSplit.split(values, 100);
        assertEquals(50.0, r.get("c"));
        assertEquals(25.0, r.get("a"));
    }

    @Test
    void aNegativeValueIsFlooredAtZeroAndTheOthersShareThePool() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("good", 0.03);
        values.put("fair", 0.01);
        values.put("harmful", -0.05);
        Map<String, Double> r = RewardSplit.split(values, 7.77);
        assertEquals(0.0, r.get("harmful"));
        assertEquals(777, cents(r));
        assertEquals(5.83, r.get("good"));
        assertEquals(1.94, r.get("fair"));
    }

    @Test
    void withNoPositiveValueThePoolIsSplitEqually() {
        Map<String, Double> r = RewardSplit.split(Map.of("a", -1.0), 10);
        assertEquals(10.0, r.get("a"));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("a", 0.0);
        values.put("b", -0.2);
        r = RewardSplit.split(values, 1);
        assertEquals(0.5, r.get("a"));
        assertEquals(0.5, r.get("b"));
    }

    @Test
    void aNegativeOrInfinitePoolIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RewardSplit.split(Map.of("a", 1.0), -1));
        assertThrows(IllegalArgumentException.class, () -> RewardSplit.split(Map.of("a", 1.0), Double.POSITIVE_INFINITY));
    }
}
