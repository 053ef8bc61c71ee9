package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** Short end-to-end simulations on the real WDBC data with the real DJL trainer. */
class SimulationTest {

    private static StudySpec wdbc(int rounds, long seed) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.rounds = rounds;
        b.seed = seed;
        return b.build();
    }

    @Test
    void wdbcFederationLearnsFarAboveChance() {
        SimulationResult r = Simulation.withDjl().run(wdbc(5, 7), SimulationListener.SILENT);
        // 63% of WDBC is benign: a constant classifier scores about 0.63.
        assertTrue(r.federated().metrics().accuracy() > 0.90, "federated accuracy " + r.federated().metrics());
        assertTrue(r.federated().metrics().rocAuc() > 0.95, "federated AUC " + r.federated().metrics());
        assertTrue(r.centralized().metrics().accuracy() > 0.90, "centralized " + r.centralized().metrics());
        assertEquals(5, r.data().sites().size());
        assertEquals(5, r.localOnly().size());
        assertEquals(5, r.perSite().size());
        assertEquals(5, r.federation().rounds().size());
        long total = r.data().sites().stream().mapToLong(s -> s.train().size() + s.test().size()).sum()
                + r.data().globalTest().size();
        assertEquals(569, total, "every WDBC record is used exactly once");
    }

    @Test
    void sameSeedGivesSameNumbers() {
        SimulationResult a = Simulation.withDjl().run(wdbc(3, 11), SimulationListener.SILENT);
        SimulationResult b = Simulation.withDjl().run(wdbc(3, 11), SimulationListener.SILENT);
        assertEquals(a.federated().metrics(), b.federated().metrics());
        assertEquals(a.centralized().metrics(), b.centralized().metrics());
        List<Double> la = a.federation().rounds().stream().map(RoundResult::trainLoss).toList();
        List<Double> lb = b.federation().rounds().stream().map(RoundResult::trainLoss).toList();
        assertEquals(la, lb);
        assertTrue(Arrays.equals(a.federation().finalWeights().values(), b.federation().finalWeights().values()));
    }

    /** One model instance serves every simulated hospital: memory does not grow with the number of sites. */
    @Test
    void oneTrainerServesAllSites() {
        AtomicInteger trainersBuilt = new AtomicInteger();
        Simulation sim = Simulation.with(spec -> {
            trainersBuilt.incrementAndGet();
            return DjlTrainer.builder().model(spec).build();
        }, site -> site);
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.partition = "iid";
        b.sites = 20;
        b.rounds = 2;
        b.baselines = true;
        SimulationResult r = sim.run(b.build(), SimulationListener.SILENT);
        assertEquals(20, r.data().sites().size());
        assertEquals(20, r.perSite().size());
        assertEquals(1, trainersBuilt.get(), "federation, centralized and 20 local-only baselines share one trainer");
    }

    /**
     * The simulation drives the core Federation loop through the SiteClient interface, the one a
     * deployed node's network proxy implements: wrapping every site sees every fit and evaluate call.
     */
    @Test
    void simulationRunsThroughTheSiteClientLoop() {
        AtomicInteger fits = new AtomicInteger();
        AtomicInteger evaluations = new AtomicInteger();
        List<Integer> roundsSeen = new ArrayList<>();
        Simulation sim = Simulation.with(spec -> DjlTrainer.builder().model(spec).build(), site -> new SiteClient() {
            @Override
            public String siteId() {
                return site.siteId();
            }

            @Override
            public SiteUpdate fit(FitInstructions instructions) {
                fits.incrementAndGet();
                roundsSeen.add(instructions.round());
                return site.fit(instructions);
            }

            @Override
            public SiteEvaluation evaluate(EvaluateInstructions instructions) {
                evaluations.incrementAndGet();
                return site.evaluate(instructions);
            }
        });
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.rounds = 2;
        b.baselines = false;
        SimulationResult r = sim.run(b.build(), SimulationListener.SILENT);
        assertEquals(2 * 5, fits.get(), "5 sites x 2 rounds of fit through SiteClient");
        assertEquals(2 * 5, evaluations.get(), "federated evaluation through SiteClient every round");
        assertEquals(List.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2), roundsSeen);
        assertTrue(r.federated().metrics().accuracy() > 0.8);
    }
}
