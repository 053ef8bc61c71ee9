package org.fedmed.sim.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** FedDF on WDBC: logreg and mlp sites distilled at the coordinator, with the single-architecture references. */
class FedDfSimulationTest {

    private static final FedDfSpec LOGREG_MLP = new FedDfSpec(List.of(ModelArchitecture.LOGISTIC_REGRESSION, ModelArchitecture.MLP),
            40, new DistillConfig(40, 20, 1e-2, 2.0, 0));

    private static StudySpec wdbc(int rounds, boolean baselines) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.sites = 4;
        b.rounds = rounds;
        b.seed = 7L;
        b.baselines = baselines;
        return b.build();
    }

    @Test
    void distilledModelsOfBothArchitecturesLearnAndTheReportHasEveryPart() {
        StudySpec spec = wdbc(3, true);
        FederatedData data = Simulation.prepareData(spec);
        FedDfResult r = FedDfSimulation.withDjl().run(spec, LOGREG_MLP, data, SimulationListener.SILENT);
        assertEquals(2, r.architectures().size());
        assertEquals(3, r.rounds().size());
        assertTrue(r.proxyExamples() >= 38 && r.proxyExamples() <= 42, "proxy " + r.proxyExamples());
        // 63% of WDBC is benign: a constant classifier scores about 0.63
        for (FedDfResult.Architecture a : r.architectures()) {
            assertEquals(2, a.sites().size(), a.architecture() + " sites " + a.sites());
            assertTrue(a.distilled().metrics().accuracy() > 0.8, a.architecture() + " distilled " + a.distilled().metrics());
            assertNotNull(a.reference(), "single-architecture FedAvg ran");
            assertTrue(a.reference().metrics().accuracy() > 0.8, a.architecture() + " reference " + a.reference().metrics());
            assertEquals(data.globalTest().size(), a.distilled().samples());
        }
        assertEquals(List.of("site-1", "site-3"), r.architectures().get(0).sites());
        assertTrue(r.architectures().get(1).weights().size() > r.architectures().get(0).weights().size(), "the mlp has hidden layers");
        assertTrue(r.ensemble().metrics().accuracy() > 0.8, "ensemble " + r.ensemble().metrics());
        assertEquals(Set.of("logreg", "mlp"), r.rounds().get(2).distilledAccuracy().keySet());
    }

    // Not asserted: bit-identical models from two runs with the same seed. About one run in four differs
    // (seen 2026-12-03, cause not found yet; the proxy split and the groups are the same), so FedDF's results are
    // reported as one run's, not as reproducible to the bit like the other simulations.
    @Test
    void withoutBaselinesThereIsNoSingleArchitectureReference() {
        StudySpec spec = wdbc(1, false);
        FederatedData data = Simulation.prepareData(spec);
        FedDfResult a = FedDfSimulation.withDjl().run(spec, LOGREG_MLP, data, SimulationListener.SILENT);
        for (int i = 0; i < 2; i++) {
            assertNull(a.architectures().get(i).reference());
        }
    }

    @Test
    void proxyExamplesLeaveTheSitesAndLoseTheirLabels() {
        FederatedData data = Simulation.prepareData(wdbc(1, false));
        ProxyData p = ProxyData.carve(data, 60, 7);
        int before = data.sites().stream().mapToInt(s -> s.train().size()).sum();
        int after = p.siteTrain().values().stream().mapToInt(LabeledSamples::size).sum();
        assertEquals(before, after + p.size());
        assertTrue(p.size() >= 58 && p.size() <= 62);
        assertTrue(java.util.Arrays.stream(p.inputs().labels()).allMatch(y -> y == 0));
        // every proxy row came from some site's training data and no longer is in any site's
        Set<String> kept = new HashSet<>();
        p.siteTrain().values().forEach(s -> rows(s).forEach(kept::add));
        Set<String> given = new HashSet<>(rows(p.inputs()));
        Set<String> original = new HashSet<>();
        for (SiteData s : data.sites()) {
            original.addAll(rows(s.train()));
        }
        assertTrue(original.containsAll(given));
        given.retainAll(kept);
        assertTrue(given.isEmpty(), "proxy rows still at a site: " + given.size());
    }

    @Test
    void refusesBadSettingsBeforeTraining() {
        FederatedData data = Simulation.prepareData(wdbc(1, false));
        IllegalArgumentException cnn = assertThrows(IllegalArgumentException.class, () -> FedDfSimulation.withDjl().run(wdbc(1, false),
                new FedDfSpec(List.of(ModelArchitecture.CNN, ModelArchitecture.MLP), 40, LOGREG_MLP.distill()), data,
                SimulationListener.SILENT));
        assertTrue(cnn.getMessage().startsWith("--site-models cnn does not fit wdbc"), cnn.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> ProxyData.carve(data, 10_000, 7));
        assertTrue(tooMany.getMessage().contains("would take all"), tooMany.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> FedDfSpec.parseModels("cnn,vit"));
        assertTrue(unknown.getMessage().contains("'vit'"), unknown.getMessage());
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.strategy = "fedprox";
        IllegalArgumentException prox = assertThrows(IllegalArgumentException.class, () -> FedDfSimulation.check(b.build()));
        assertTrue(prox.getMessage().contains("strategy fedprox"), prox.getMessage());
    }

    private static List<String> rows(LabeledSamples s) {
        int f = s.featureSize();
        float[] v = s.features();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(v, i * f, (i + 1) * f)));
        }
        return out;
    }
}
