package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.contribution.ContributionSummary;
import org.fedmed.core.contribution.RoundValues;
import org.fedmed.sim.attack.AttackPlan;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/**
 * Contribution values of a real WDBC federation (DJL): 5 iid sites, one of which trains on random labels,
 * must come last by GTG-Shapley and by leave-one-out, and the rewards must add up to the pool.
 */
class ContributionSimulationTest {

    private static StudySpecBuilder wdbc() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.sites = 5;
        b.partition = "iid";
        b.rounds = 4;
        b.seed = 7L;
        b.baselines = false;
        return b;
    }

    @Test
    void theSiteWithRandomLabelsRanksLastByShapleyAndByLeaveOneOut() {
        StudySpecBuilder b = wdbc();
        b.attack = "random_labels";
        b.contribution = "both";
        b.rewardPool = 100.0;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        List<String> randomized = AttackPlan.chooseMalicious(r.data().siteIds(), 0.2, 7L);
        assertEquals(1, randomized.size());
        String bad = randomized.get(0);
        ContributionSummary s = r.contribution().summary();
        assertEquals(4, s.rounds().size());
        assertEquals(bad, last(s.ranking()), "by GTG-Shapley: " + s.shapley());
        List<String> byLoo = s.loo().keySet().stream().sorted((x, y) -> Double.compare(s.loo().get(y), s.loo().get(x))).toList();
        assertEquals(bad, last(byLoo), "by leave-one-out: " + s.loo());
        assertEquals(10_000, s.rewards().values().stream().mapToLong(v -> Math.round(v * 100)).sum());
        for (String site : r.data().siteIds()) {
            assertTrue(s.rewards().get(bad) <= s.rewards().get(site), "rewards " + s.rewards());
        }
        for (RoundValues rv : s.rounds()) {
            // LOO: n + 1 sub-models; Shapley values of a round add up to what the round's full aggregate gained
            assertEquals(6, rv.looEvaluations());
            double sum = Arrays.stream(rv.shapley()).sum();
            assertEquals(rv.utilityAfter() - rv.utilityBefore(), sum, 1e-9, "round " + rv.round());
        }
    }

    @Test
    void withoutTheKeyNothingIsValuedAndSecureAggregationWithOneSumIsRefused() {
        assertNull(wdbc().build().contribution());
        StudySpecBuilder b = wdbc();
        b.contribution = "shapley";
        b.secureAggregation = "secagg+";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("contribution cannot be computed under secure_aggregation secagg+ with one sum"),
                e.getMessage());
        StudySpecBuilder pool = wdbc();
        pool.rewardPool = 50.0;
        e = assertThrows(IllegalArgumentException.class, pool::build);
        assertTrue(e.getMessage().startsWith("reward_pool given without contribution"), e.getMessage());
        StudySpecBuilder grouped = wdbc();
        grouped.sites = 6;
        grouped.contribution = "loo";
        grouped.secureAggregation = "secagg+";
        grouped.secureGroups = 2;
        assertNotNull(grouped.build().contribution());
    }

    @Test
    void underGroupedSecureSumsOnlyTheGroupsOfEachRoundAreValued() {
        StudySpecBuilder b = wdbc();
        b.sites = 6;
        b.rounds = 2;
        b.contribution = "loo";
        b.secureAggregation = "secagg+";
        b.secureGroups = 2;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        ContributionSummary s = r.contribution().summary();
        assertEquals(2, s.rounds().size());
        for (RoundValues rv : s.rounds()) {
            // the coordinator never holds a site's update: the players are the two group sums
            assertEquals(List.of("group-1", "group-2"), rv.players());
            assertEquals(3, rv.looEvaluations());
        }
        assertTrue(s.loo().isEmpty() && s.rewards().isEmpty(), "no per-site totals: " + s.loo() + " " + s.rewards());
        assertTrue(r.contribution().notes().stream().anyMatch(n -> n.startsWith("secure aggregation (secagg+)")),
                r.contribution().notes().toString());
    }

    private static String last(List<String> ranking) {
        return ranking.get(ranking.size() - 1);
    }
}
