package org.fedmed.core.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SiteSamplerTest {

    /** Deliberately not in alphabetical order, so "listed order" and "sorted order" differ. */
    private static final List<String> TEN = List.of("s7", "s2", "s9", "s0", "s5", "s1", "s8", "s3", "s6", "s4");

    @Test
    void countsFollowFractionAndMinimum() {
        assertEquals(3, new SiteSampler(0.3, 1).select(1, TEN, 42).size());  // ceil(3.0) = 3, not 4
        assertEquals(3, new SiteSampler(0.25, 1).select(1, TEN, 42).size()); // ceil(2.5) = 3
        assertEquals(1, new SiteSampler(0.01, 1).select(1, TEN, 42).size()); // ceil(0.1) = 1
        assertEquals(4, new SiteSampler(0.1, 4).select(1, TEN, 42).size());  // minimum wins over 1
        assertEquals(TEN, new SiteSampler(1.0, 1).select(1, TEN, 42));
        assertEquals(TEN, SiteSampler.all().select(7, TEN, 42));
        // the minimum cannot exceed what is available
        assertEquals(List.of("b", "a"), new SiteSampler(0.5, 5).select(1, List.of("b", "a"), 42));
        assertEquals(List.of(), new SiteSampler(0.5, 1).select(1, List.of(), 42));
    }

    @Test
    void reproducibleForSameSeedAndRound() {
        SiteSampler s = new SiteSampler(0.3, 1);
        for (int round = 1; round <= 20; round++) {
            assertEquals(s.select(round, TEN, 42), new SiteSampler(0.3, 1).select(round, TEN, 42), "round " + round);
        }
    }

    @Test
    void differsAcrossRoundsAndSeedsAndCoversEverySite() {
        SiteSampler s = new SiteSampler(0.3, 1);
        Set<List<String>> distinct = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int round = 1; round <= 50; round++) {
            List<String> chosen = s.select(round, TEN, 42);
            distinct.add(chosen);
            seen.addAll(chosen);
        }
        assertTrue(distinct.size() > 10, "only " + distinct.size() + " distinct selections over 50 rounds");
        assertEquals(Set.copyOf(TEN), seen, "every site is chosen at some point");
        boolean seedMatters = false;
        for (int round = 1; round <= 10; round++) {
            seedMatters |= !s.select(round, TEN, 1).equals(s.select(round, TEN, 2));
        }
        assertTrue(seedMatters);
        assertNotEquals(s.select(1, TEN, 42), s.select(2, TEN, 42), "rounds 1 and 2 happen to agree for seed 42");
    }

    @Test
    void returnsSitesInListedOrder() {
        SiteSampler s = new SiteSampler(0.5, 1);
        for (int round = 1; round <= 30; round++) {
            List<String> chosen = s.select(round, TEN, 9);
            assertEquals(5, chosen.size());
            assertEquals(5, new HashSet<>(chosen).size(), "no site twice");
            int last = -1;
            for (String site : chosen) {
                int at = TEN.indexOf(site);
                assertTrue(at > last, "round " + round + ": " + chosen + " is not in the order of " + TEN);
                last = at;
            }
        }
    }

    @Test
    void invalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SiteSampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SiteSampler(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new SiteSampler(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new SiteSampler(0.5, 0));
    }
}
