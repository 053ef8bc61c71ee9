package org.fedmed.core.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.fedmed.core.aggregate.ClipStage;
import org.fedmed.core.aggregate.NoiseShareStage;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.DpSgd;
import org.junit.jupiter.api.Test;

/** A curious coordinator's fit, evaluation and statistics tasks against a node's own policy. */
class NodePrivacyPolicyTest {

    private final NodePrivacyPolicy policy = new NodePrivacyPolicy(1e-5, 1.0, 0.8, NodePrivacyPolicy.Evaluation.OFF, 10, 4);

    @Test
    void settingsAtLeastAsStrongAsThePolicyAreAccepted() {
        assertEquals(Optional.empty(), policy.refusal("h1", 3, new DpSgd(1.0, 0.8, false)));
        assertEquals(Optional.empty(), policy.refusal("h1", 3, new DpSgd(0.5, 2.0, false).withDelta(1e-5)));
    }

    @Test
    void anExplanationLeavesABudgetedNodeOnlyAtSampleLevelWithUnpredictableNoiseAboveItsFloor() {
        assertEquals(Optional.empty(), policy.explanationRefusal("h1", 5, "sample", false, 1.0, 1e-5));
        String prefix = "privacy policy: site h1 refuses round 5: ";
        assertEquals(prefix + "an explanation without noise; under its privacy budget this node explains only at sample level",
                policy.explanationRefusal("h1", 5, "clear", false, 0, Double.NaN).orElseThrow());
        assertTrue(policy.explanationRefusal("h1", 5, "client", false, 1.0, 1e-5).orElseThrow()
                .contains("client-level DP (not booked in the node's ledger)"));
        assertEquals(prefix + "an explanation with seeded noise (whoever knows the seed can subtract it)",
                policy.explanationRefusal("h1", 5, "sample", true, 1.0, 1e-5).orElseThrow());
        assertEquals(prefix + "explanation noise multiplier 0.5 is below the node's floor 0.8",
                policy.explanationRefusal("h1", 5, "sample", false, 0.5, 1e-5).orElseThrow());
        assertEquals(prefix + "explanation delta 0.001 differs from the node's delta 1.0E-5",
                policy.explanationRefusal("h1", 5, "sample", false, 1.0, 1e-3).orElseThrow());
    }

    @Test
    void seededNoiseIsRefusedWhateverElseTheTaskSays() {
        String why = policy.refusal("h1", 2, new DpSgd(0.5, 5.0, true).withDelta(1e-5)).orElseThrow();
        assertEquals("privacy policy: site h1 refuses round 2: seeded_noise=true (whoever knows the seed can regenerate the noise"
                + " and subtract it); this node trains only with unpredictable noise and sampling", why);
    }

    @Test
    void theStudysSettingsAreCheckedBeforeItsFirstRound() {
        assertEquals("privacy policy: site h1 refuses the study: clip_norm 2.5 is above the node's maximum 1",
                policy.refusal("h1", NodePrivacyPolicy.STUDY, new DpSgd(2.5, 1.0, false)).orElseThrow());
        assertEquals(Optional.empty(), policy.refusal("h1", NodePrivacyPolicy.STUDY, new DpSgd(1.0, 1.0, false)));
        assertTrue(policy.refusal("h1", NodePrivacyPolicy.STUDY, null).orElseThrow().contains("refuses the study: non-private"));
    }

    @Test
    void aSeededNoiseShareSiteStageIsRefusedAndHonestStagesRun() {
        SitePlan seeded = new SitePlan(List.of(new ClipStage(1.0), new NoiseShareStage(new double[] {0.5}, true)));
        assertEquals("privacy policy: site h1 refuses round 2: a seeded noise_share site stage (whoever knows the seed can"
                + " regenerate the noise and subtract it)", policy.stagesRefusal("h1", 2, seeded).orElseThrow());
        SitePlan honest = new SitePlan(List.of(new ClipStage(1.0), new NoiseShareStage(new double[] {0.5}, false)));
        assertEquals(Optional.empty(), policy.stagesRefusal("h1", 2, honest));
        assertEquals(Optional.empty(), policy.stagesRefusal("h1", 2, SitePlan.none()));
    }

    @Test
    void aClipAboveTheMaximumNamesTheTasksValueAndTheLimit() {
        String why = policy.refusal("h1", 4, new DpSgd(2.5, 1.0, false)).orElseThrow();
        assertEquals("privacy policy: site h1 refuses round 4: clip_norm 2.5 is above the node's maximum 1", why);
    }

    @Test
    void aNoiseMultiplierBelowTheFloorIsRefused() {
        String why = policy.refusal("h1", 1, new DpSgd(1.0, 0.5, false)).orElseThrow();
        assertEquals("privacy policy: site h1 refuses round 1: noise_multiplier 0.5 is below the node's floor 0.8", why);
    }

    @Test
    void anotherDeltaIsRefusedAndAnUnstatedOneIsTheNodes() {
        String why = policy.refusal("h1", 1, new DpSgd(1.0, 1.0, false).withDelta(1e-3)).orElseThrow();
        assertEquals("privacy policy: site h1 refuses round 1: delta 0.001 differs from the node's delta 1.0E-5", why);
        assertEquals(Optional.empty(), policy.refusal("h1", 1, new DpSgd(1.0, 1.0, false)));
    }

    @Test
    void nonPrivateTrainingIsRefused() {
        assertTrue(policy.refusal("h1", 1, null).orElseThrow().contains("non-private training"));
    }

    @Test
    void evaluationIsOffByDefaultAndNoisyOnRequest() {
        assertEquals(NodePrivacyPolicy.Evaluation.OFF, NodePrivacyPolicy.of(1e-5).evaluation());
        assertTrue(policy.evaluationRefusal("h1", 3).orElseThrow().startsWith("privacy policy: site h1 refuses round 3: evaluation is off"));
        NodePrivacyPolicy noisy = new NodePrivacyPolicy(1e-5, 1.0, 0.8, NodePrivacyPolicy.Evaluation.parse("noisy"), 10, 4);
        assertEquals(Optional.empty(), noisy.evaluationRefusal("h1", 3));
        assertThrows(IllegalArgumentException.class, () -> NodePrivacyPolicy.Evaluation.parse("exact"));
    }

    @Test
    void statisticsNeedARangeForEveryFeature() {
        assertTrue(policy.statisticsRefusal("h1", List.of(), List.of()).orElseThrow().contains("declares no features"));
        String why = policy.statisticsRefusal("h1", List.of("age", "chol", "sex"), List.of("sex")).orElseThrow();
        assertTrue(why.startsWith("privacy policy: site h1 refuses the statistics step: no declared range for age, chol"), why);
        assertEquals(Optional.empty(), policy.statisticsRefusal("h1", List.of("age"), List.of("age")));
    }

    @Test
    void aPolicyMustBeMeaningful() {
        assertThrows(IllegalArgumentException.class, () -> new NodePrivacyPolicy(1e-5, 0, 0, NodePrivacyPolicy.Evaluation.OFF, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NodePrivacyPolicy(1e-5, 1, -1, NodePrivacyPolicy.Evaluation.OFF, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NodePrivacyPolicy(2, 1, 0, NodePrivacyPolicy.Evaluation.OFF, 1, 1));
    }
}
