package org.fedmed.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** FLTrust and relevance screening against sign flipping ×10 by 20% of WDBC's sites, with the real trainer. */
class ScoringDefenceSimulationTest {

    private static StudySpec wdbc(String attack, String aggregator, int sites, Integer groups) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.sites = sites;
        b.partition = "iid";
        b.rounds = 8;
        b.seed = 7L;
        b.baselines = false;
        b.attack = attack;
        b.aggregator = aggregator;
        if (groups != null) {
            b.secureAggregation = "secagg+";
            b.secureGroups = groups;
            b.secureDropout = 0.0;
        }
        return b.build();
    }

    private static double accuracy(SimulationResult r) {
        return r.federated().metrics().accuracy();
    }

    @Test
    void flTrustGivesFlippedUpdatesNoTrustAndHoldsTheCleanAccuracy() {
        double clean = accuracy(Simulation.withDjl().run(wdbc(null, "mean", 10, null), SimulationListener.SILENT));
        SimulationResult r = Simulation.withDjl().run(wdbc("sign_flip:10", "fltrust:root=100", 10, null), SimulationListener.SILENT);
        assertTrue(accuracy(r) >= clean - 0.02, "fltrust under sign_flip:10 " + accuracy(r) + " against clean " + clean);
        List<String> malicious = r.attack().maliciousSites();
        assertEquals(2, malicious.size());
        int honestKept = 0;
        for (RoundResult round : r.federation().rounds()) {
            assertEquals(10, round.scores().size(), "round " + round.round());
            for (String m : malicious) {
                assertEquals(0.0, round.scores().get(m).score(), "round " + round.round() + " " + m);
            }
            honestKept += (int) round.scores().entrySet().stream().filter(e -> !malicious.contains(e.getKey()) && e.getValue().kept())
                    .count();
        }
        // near convergence an honest update is mostly noise and may point away from the root's: most, not all, are trusted
        assertTrue(honestKept >= 0.75 * 8 * 8, "honest updates trusted: " + honestKept + " of 64");
    }

    @Test
    void screeningLeavesTheFlippersOutAndTheirReputationFalls() {
        SimulationResult r = Simulation.withDjl().run(wdbc("sign_flip:10", "screen:cos=0.1,gain=1,root=60", 10, null),
                SimulationListener.SILENT);
        assertTrue(accuracy(r) > 0.9, "screen under sign_flip:10: " + accuracy(r));
        RoundResult last = r.federation().lastRound();
        for (String m : r.attack().maliciousSites()) {
            SiteScore s = last.scores().get(m);
            assertFalse(s.kept(), m);
            assertTrue(s.gain() < 0, "a flipped update raises the root loss: " + s);
            assertTrue(s.reputation() < 0.2, "eight rounds caught: " + s);
        }
        assertTrue(last.scores().values().stream().filter(SiteScore::kept).count() >= 6, last.scores().toString());
    }

    @Test
    void flTrustAcrossSecureGroupSumsDropsThePoisonedGroups() {
        // 12 sites in 4 groups of 3; with 20% malicious some group sums are poisoned, and a median across 4 may not hold
        SimulationResult r = Simulation.withDjl().run(wdbc("sign_flip:10", "fltrust", 12, 4), SimulationListener.SILENT);
        assertTrue(accuracy(r) > 0.9, "fltrust across secure group sums under sign_flip:10: " + accuracy(r));
        for (RoundResult round : r.federation().rounds()) {
            assertTrue(round.scores().keySet().stream().allMatch(k -> k.startsWith("group-")), round.scores().toString());
        }
    }
}
