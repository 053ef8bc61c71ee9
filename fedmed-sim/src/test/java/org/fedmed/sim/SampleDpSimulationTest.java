package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** Sample-level DP (DP-SGD at every site) through a whole simulated study on WDBC. */
class SampleDpSimulationTest {

    private static StudySpecBuilder wdbc() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.partition = "iid";
        b.sites = 3;
        b.seed = 3L;
        b.baselines = false;
        b.dpLevel = "sample";
        b.dpClip = 1.0;
        b.optimizer = "sgd";
        b.learningRate = 0.5;
        b.batchSize = 32;
        return b;
    }

    @Test
    void calibratedStudyEndsExactlyAtEachSitesBudgetAndLearns() {
        StudySpecBuilder b = wdbc();
        b.dpEpsilon = 3.0;
        b.rounds = 8;
        b.balanceClasses = true; // private class weights, in the sites and the baselines
        b.baselines = true;
        List<Map<String, Double>> perRound = new ArrayList<>();
        SimulationResult r = Simulation.withDjl().run(b.build(), new SimulationListener() {
            @Override
            public void sitePrivacySpent(int round, Map<String, Double> bySite, double study, double delta) {
                perRound.add(new LinkedHashMap<>(bySite));
            }
        });
        PrivacyReport p = r.privacy();
        assertNotNull(p);
        assertEquals(PrivacyReport.SAMPLE, p.level());
        assertEquals(8, p.rounds().size());
        assertEquals(8, perRound.size());
        for (PrivacyReport.Site s : p.sites().values()) {
            assertEquals(8, s.roundsTrained());
            assertTrue(s.epsilon() <= 3.0 && s.epsilon() > 2.99, "each site spends its budget: " + s);
            // the accountant, replayed from the site's numbers, agrees
            double replay = new RdpAccountant().record(1.0, DpSgd.CLASS_COUNT_NOISE, 1)
                    .record(s.samplingRate(), s.noiseMultiplier(), 8 * s.stepsPerRound()).spent(1e-5, Conversion.IMPROVED).epsilon();
            assertEquals(replay, s.epsilon(), 1e-9);
        }
        // ε grows every round, and the study's is the largest site's
        for (int i = 1; i < p.rounds().size(); i++) {
            assertTrue(p.rounds().get(i).epsilon() > p.rounds().get(i - 1).epsilon());
        }
        assertEquals(p.rounds().get(7).siteEpsilon().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                p.finalEpsilon(), 1e-12);
        assertTrue(r.federated().metrics().accuracy() > 0.85, "DP-SGD at epsilon 3 still learns: " + r.federated().metrics());
        assertTrue(r.centralized().metrics().accuracy() > 0.85, "the pooled DP-SGD baseline too: " + r.centralized().metrics());
        assertEquals(3, r.localOnly().size());
    }

    @Test
    void aSiteStopsAtItsBudgetAndTheStudyGoesOn() {
        StudySpecBuilder b = wdbc();
        b.dpNoise = 1.0;
        b.rounds = 6;
        // a budget between what 3 and 4 rounds cost the first site: it trains 3 rounds, then refuses
        SimulationResult free = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        PrivacyReport.Site s = free.privacy().sites().values().iterator().next();
        double afterThree = new RdpAccountant().record(s.samplingRate(), 1.0, 3 * s.stepsPerRound()).spent(1e-5, Conversion.IMPROVED).epsilon();
        double afterFour = new RdpAccountant().record(s.samplingRate(), 1.0, 4 * s.stepsPerRound()).spent(1e-5, Conversion.IMPROVED).epsilon();
        b.dpEpsilon = (afterThree + afterFour) / 2;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        PrivacyReport.Site site = r.privacy().sites().get(r.privacy().sites().keySet().iterator().next());
        assertEquals(3, site.roundsTrained(), site.toString());
        assertTrue(site.budgetReached());
        assertTrue(site.epsilon() <= b.dpEpsilon);
        RoundResult fourth = r.federation().rounds().get(3);
        assertTrue(fourth.failures().values().stream().anyMatch(f -> f.contains("privacy budget reached")), fourth.failures().toString());
        assertEquals(6, r.federation().rounds().size(), "the study ran all its rounds");
    }

    @Test
    void impossibleSettingsAreRefusedBeforeTraining() {
        StudySpecBuilder b = wdbc();
        b.dpNoise = 0.3;
        b.dpEpsilon = 0.05;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simulation.withDjl().run(b.build(), SimulationListener.SILENT));
        assertTrue(e.getMessage().contains("lets no site train even one round") && e.getMessage().contains("at least"),
                e.getMessage());

        StudySpecBuilder d = wdbc();
        d.dpNoise = 1.0;
        d.dpDelta = 0.01;
        e = assertThrows(IllegalArgumentException.class, () -> Simulation.withDjl().run(d.build(), SimulationListener.SILENT));
        assertTrue(e.getMessage().contains("must be below 1/(training examples)"), e.getMessage());

        StudySpecBuilder m = wdbc();
        m.dpNoise = 1.0;
        m.model = "resnet";
        m.dataset = "pneumoniamnist";
        e = assertThrows(IllegalArgumentException.class, m::build);
        assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());

        StudySpecBuilder q = wdbc();
        q.dpNoise = 1.0;
        q.dpQuantile = 0.5;
        assertThrows(IllegalArgumentException.class, q::build);

        StudySpecBuilder v = wdbc();
        v.dpNoise = 1.0;
        v.weighting = "validation";
        e = assertThrows(IllegalArgumentException.class, v::build);
        assertTrue(e.getMessage().contains("without noise"), e.getMessage());

        StudySpecBuilder none = wdbc();
        IllegalArgumentException noNoise = assertThrows(IllegalArgumentException.class, none::build);
        assertTrue(noNoise.getMessage().contains("--dp-noise"), noNoise.getMessage());
    }

    @Test
    void dpSgdHasItsOwnDefaults() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "pneumoniamnist";
        b.dpLevel = "sample";
        b.dpClip = 1.0;
        b.dpNoise = 1.0;
        StudySpec s = b.build();
        assertEquals(ModelArchitecture.CNN, s.architecture(), "BatchNorm models can't run DP-SGD: the ResNet default becomes the CNN");
        assertEquals(0.0, s.dropout());
        assertEquals(OptimizerKind.SGD, s.training().optimizer());
        assertTrue(s.training().balanceClasses(), "PneumoniaMNIST balances classes, from noisy counts");
        StudySpecBuilder w = wdbc();
        w.dpNoise = 1.0;
        assertTrue(!w.build().training().balanceClasses(), "WDBC sites are too small for noisy counts to help");
        StudySpecBuilder plain = new StudySpecBuilder();
        plain.dataset = "wdbc";
        plain.dpLevel = "sample";
        plain.dpClip = 1.0;
        plain.dpNoise = 1.0;
        assertEquals(40, plain.build().rounds());
    }
}
