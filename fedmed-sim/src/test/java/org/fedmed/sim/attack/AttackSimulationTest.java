package org.fedmed.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/**
 * Short attacked federations on the real WDBC data with the real DJL trainer: 10 equal (iid) sites,
 * so 20% of the sites are 20% of the weight of a plain sample-weighted mean.
 */
class AttackSimulationTest {

    private static StudySpec wdbc(String attack, int rounds) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.sites = 10;
        b.partition = "iid";
        b.rounds = rounds;
        b.seed = 7L;
        b.baselines = false;
        b.attack = attack;
        return b.build();
    }

    @Test
    void signFlippingByATenthOfTheWeightTimesTenWrecksPlainFedAvg() {
        SimulationResult clean = Simulation.withDjl().run(wdbc(null, 8), SimulationListener.SILENT);
        SimulationResult attacked = Simulation.withDjl().run(wdbc("sign_flip:10", 8), SimulationListener.SILENT);
        double a = clean.federated().metrics().accuracy();
        double b = attacked.federated().metrics().accuracy();
        assertTrue(a > 0.9, "clean " + a);
        // the mean moves by 0.8 - 10 * 0.2 = -1.2 times the honest direction: it climbs the loss
        assertTrue(b < a - 0.3, "sign_flip:10 with 20% malicious: " + b + " against clean " + a);
        assertNull(clean.attack().attack());
        assertEquals(List.of(), clean.attack().maliciousSites());
        assertEquals("sign_flip", attacked.attack().attack().name());
        assertEquals(10.0, attacked.attack().parameter());
    }

    @Test
    void theMaliciousSitesAreTheSeededDrawAndTheSameEveryRound() {
        StudySpec spec = wdbc("sign_flip:10", 3);
        Map<Integer, Map<String, Double>> norms = new TreeMap<>();
        Simulation sim = Simulation.with(m -> DjlTrainer.builder().model(m).build(), site -> SiteClient.withFit(site, in -> {
            SiteUpdate u = site.fit(in);
            synchronized (norms) {
                norms.computeIfAbsent(in.round(), r -> new HashMap<>()).put(site.siteId(), u.weights().minus(in.globalWeights()).l2Norm());
            }
            return u;
        }));
        SimulationResult r = sim.run(spec, SimulationListener.SILENT);
        List<String> drawn = AttackPlan.chooseMalicious(r.data().siteIds(), 0.2, 7L);
        assertEquals(drawn, r.attack().maliciousSites());
        assertEquals(2, drawn.size());
        assertEquals(3, norms.size());
        norms.forEach((round, bySite) -> {
            List<String> largest = new ArrayList<>(bySite.keySet());
            largest.sort(Comparator.comparingDouble(s -> -bySite.get(s)));
            assertEquals(Set.copyOf(drawn), Set.copyOf(largest.subList(0, 2)), "round " + round + ": " + bySite);
            double honest = bySite.get(largest.get(2));
            assertTrue(bySite.get(largest.get(1)) > 3 * honest, "sent deltas are 10x an honest one: " + bySite);
        });
    }

    @Test
    void aBoostedBackdoorMakesTriggeredInputsBenignWhileTheCleanModelDoesNot() {
        SimulationResult clean = Simulation.withDjl().run(wdbc(null, 8), SimulationListener.SILENT);
        SimulationResult attacked = Simulation.withDjl().run(wdbc("backdoor:5", 8), SimulationListener.SILENT);
        double before = clean.attack().backdoorSuccess();
        double after = attacked.attack().backdoorSuccess();
        assertTrue(after > before + 0.5, "backdoor success " + after + " against the clean model's " + before);
        assertTrue(attacked.federated().metrics().accuracy() > 0.85, "a backdoor keeps the clean accuracy: "
                + attacked.federated().metrics().accuracy());
        assertEquals(clean.attack().trigger(), attacked.attack().trigger(), "both measured with the same trigger");
    }
}
