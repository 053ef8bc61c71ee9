package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** An operating threshold chosen on the sites' validation data, checked against those data by recounting them here. */
class OperatingPointSimulationTest {

    private static StudySpec wdbc(Double target, String weighting) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.rounds = 3;
        b.seed = 7L;
        b.baselines = false;
        b.targetSensitivity = target;
        b.weighting = weighting;
        return b.build();
    }

    @Test
    void theChosenThresholdIsTheLargestThatReachesTheTargetOnTheSitesValidationData() {
        double target = 0.95;
        StudySpec spec = wdbc(target, "samples");
        SimulationResult r = Simulation.withDjl().run(spec, SimulationListener.SILENT);
        OperatingPoint op = r.operatingPoint();
        assertNotNull(op, "a two-class study with a target has an operating point");
        OperatingThreshold t = op.threshold();
        assertEquals(r.data().sites().size(), op.sites());

        // recount: each site's validation share, scored by the final model, at the chosen threshold and one grid step above
        long positives = 0;
        long negatives = 0;
        long reached = 0;
        long reachedAbove = 0;
        double step = 1.0 / BinaryEvaluation.GRID_STEPS;
        try (LocalTrainer trainer = DjlTrainer.builder().model(r.model()).build()) {
            for (SiteData s : r.data().sites()) {
                LabeledSamples v = Simulation.holdOut(s.train(), Simulation.VALIDATION_SHARE, Seeds.mix(spec.seed(), 0, s.siteId().hashCode()))[1];
                double[] scores = BinaryEvaluation.diseaseScores(trainer, r.federation().finalWeights(), v);
                for (int i = 0; i < scores.length; i++) {
                    if (v.labels()[i] == 1) {
                        positives++;
                        reached += scores[i] >= t.threshold() ? 1 : 0;
                        reachedAbove += scores[i] >= t.threshold() + step - 1e-9 ? 1 : 0;
                    } else {
                        negatives++;
                    }
                }
            }
        }
        assertEquals(positives, t.validationPositives());
        assertEquals(negatives, t.validationNegatives());
        assertTrue(t.targetMet(), "WDBC's validation data let a threshold reach " + target + ": " + t);
        assertEquals((double) reached / positives, t.validationSensitivity(), 1e-12);
        assertTrue(t.validationSensitivity() >= target, t.toString());
        if (t.threshold() + step < 1) {
            assertTrue((double) reachedAbove / positives < target, "one grid step higher misses the target, so this is the largest");
        }

        // on the test set: the same model, the same examples, another cut than 0.5
        ClassificationMetrics test = op.test();
        assertEquals(r.federated().metrics().samples(), test.samples());
        assertEquals(r.federated().metrics().rocAuc(), test.rocAuc(), 1e-6);
        long[][] c = test.confusion();
        long[][] half = r.federated().metrics().confusion();
        assertEquals(half[1][0] + half[1][1], c[1][0] + c[1][1], "same diseased cases");
        assertEquals(t.threshold() < 0.5, c[1][1] >= half[1][1], "a lower threshold finds at least as many diseased cases");
    }

    @Test
    void noTargetNoOperatingPoint() {
        SimulationResult r = Simulation.withDjl().run(wdbc(null, "samples"), SimulationListener.SILENT);
        assertNull(r.operatingPoint());
        assertNotNull(r.roc(), "the ROC curve does not depend on a target");
    }

    @Test
    void aThresholdAloneAddsNoValidationScoreToTheSitesUpdates() {
        Set<String> released = new HashSet<>();
        SimulationResult r = sitesReleasing(released).run(wdbc(0.8, "samples"), SimulationListener.SILENT);
        assertNotNull(r.operatingPoint());
        assertTrue(!released.isEmpty() && !released.contains(SiteUpdate.VALIDATION_ACCURACY), released.toString());
    }

    @Test
    void weightingByValidationAndChoosingAThresholdShareOneValidationSplit() {
        StudySpec spec = wdbc(0.8, "validation");
        Set<String> released = new HashSet<>();
        SimulationResult r = sitesReleasing(released).run(spec, SimulationListener.SILENT);
        long held = r.data().sites().stream().mapToLong(s -> Simulation.holdOut(s.train(), Simulation.VALIDATION_SHARE,
                Seeds.mix(spec.seed(), 0, s.siteId().hashCode()))[1].size()).sum();
        OperatingThreshold t = r.operatingPoint().threshold();
        assertEquals(held, t.validationPositives() + t.validationNegatives());
        assertTrue(released.contains(SiteUpdate.VALIDATION_ACCURACY), "validation weighting still scores updates: " + released);
    }

    @Test
    void aLargerValidationShareHoldsOutMoreOfEachSitesTrainingData() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.rounds = 1;
        b.seed = 7L;
        b.baselines = false;
        b.targetSensitivity = 0.8;
        b.validationShare = 0.3;
        StudySpec spec = b.build();
        SimulationResult r = Simulation.withDjl().run(spec, SimulationListener.SILENT);
        long held = 0;
        long defaultHeld = 0;
        for (SiteData s : r.data().sites()) {
            long seed = Seeds.mix(spec.seed(), 0, s.siteId().hashCode());
            held += Simulation.holdOut(s.train(), 0.3, seed)[1].size();
            defaultHeld += Simulation.holdOut(s.train(), Simulation.VALIDATION_SHARE, seed)[1].size();
        }
        OperatingThreshold t = r.operatingPoint().threshold();
        assertEquals(held, t.validationPositives() + t.validationNegatives());
        assertTrue(held > defaultHeld, held + " held out at 0.3, " + defaultHeld + " at the default");
    }

    /** A simulation whose sites' update metrics are collected in {@code released}. */
    private static Simulation sitesReleasing(Set<String> released) {
        return Simulation.with(m -> DjlTrainer.builder().model(m).build(), site -> SiteClient.withFit(site, in -> {
            SiteUpdate u = site.fit(in);
            released.addAll(u.metrics().keySet());
            return u;
        }));
    }
}
