package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.aggregate.ClipStage;
import org.fedmed.core.aggregate.NoiseShareStage;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyRefusal;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.ConstantStepTrainer;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.read.TableSchema;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curious or malicious coordinator against a node's privacy guard, in process: each task is
 * refused with one line, or answered only with noise booked in the ledger file before it leaves.
 */
class NodePrivacyTest {

    private static final int PARAMETERS = 4;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private NodePrivacy node(Path kit, double budget, NodePrivacyPolicy policy) {
        return new NodePrivacy(kit, budget, policy, new PrintStream(console, true, StandardCharsets.UTF_8), "h1");
    }

    private static SiteClient site() {
        return new LocalSite("h1", new ConstantStepTrainer(PARAMETERS), ConstantStepTrainer.tinyData(), null, ConstantStepTrainer.tinyData(), 1.0);
    }

    private static FitInstructions fit(int round, DpSgd dp) {
        return new FitInstructions(round, ConstantStepTrainer.weights(PARAMETERS, 0f), TrainingConfig.defaults().withDpSgd(dp));
    }

    private static PrivacyLedger ledger(Path kit) throws IOException {
        return PrivacyLedger.fromText(Files.readString(kit.resolve(NodePrivacy.LEDGER_FILE)));
    }

    private static NodePrivacyPolicy policy(NodePrivacyPolicy.Evaluation evaluation) {
        return new NodePrivacyPolicy(1e-5, 1.0, 0.8, evaluation, 10, 4);
    }

    @Test
    void fitTasksWeakerThanThePolicyAreRefusedBeforeAnythingIsSpent(@TempDir Path kit) {
        SiteClient guarded = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF)).guard(site());
        Map<String, DpSgd> attacks = Map.of(
                "seeded_noise=true", new DpSgd(1.0, 1.0, true),
                "clip_norm 4 is above the node's maximum 1", new DpSgd(4.0, 1.0, false),
                "noise_multiplier 0.3 is below the node's floor 0.8", new DpSgd(1.0, 0.3, false),
                "delta 0.01 differs from the node's delta 1.0E-5", new DpSgd(1.0, 1.0, false).withDelta(0.01));
        attacks.forEach((why, dp) -> {
            PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> guarded.fit(fit(2, dp)));
            assertTrue(e.getMessage().startsWith("privacy policy: site h1 refuses round 2: " + why), e.getMessage());
        });
        assertThrows(PrivacyRefusal.class, () -> guarded.fit(new FitInstructions(2, ConstantStepTrainer.weights(PARAMETERS, 0f),
                TrainingConfig.defaults())));
        assertFalse(Files.exists(kit.resolve(NodePrivacy.LEDGER_FILE)), "nothing released, nothing booked");
    }

    @Test
    void siteStagesRunOnTheDpOutputButASeededNoiseShareIsRefused(@TempDir Path kit) {
        SiteClient guarded = node(kit, 50.0, policy(NodePrivacyPolicy.Evaluation.OFF)).guard(site());
        DpSgd dp = new DpSgd(1.0, 1.0, false);
        ModelWeights global = ConstantStepTrainer.weights(PARAMETERS, 0f);
        SitePlan seeded = new SitePlan(List.of(new ClipStage(0.001), new NoiseShareStage(new double[] {0.1}, true)));
        PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> guarded.fit(new FitInstructions(1, global,
                TrainingConfig.defaults().withDpSgd(dp), seeded)));
        assertTrue(e.getMessage().contains("refuses round 1: a seeded noise_share site stage"), e.getMessage());
        assertFalse(Files.exists(kit.resolve(NodePrivacy.LEDGER_FILE)), "refused before anything was booked");
        // an honest clip stage runs at the node on its DP-SGD update: the delta leaves, clipped, with its clip bit
        SiteUpdate u = guarded.fit(new FitInstructions(1, global, TrainingConfig.defaults().withDpSgd(dp),
                new SitePlan(List.of(new ClipStage(0.001)))));
        assertTrue(u.isDelta());
        assertTrue(u.weights().l2Norm() <= 0.001 * (1 + 1e-5), "norm " + u.weights().l2Norm());
        assertEquals(Set.of(BudgetedSite.EPSILON, ClipStage.BELOW), u.metrics().keySet());
    }

    @Test
    void anAcceptedRoundIsBookedBeforeItLeavesAndTheReportedEpsilonIsTheLedgersReplay(@TempDir Path kit) throws IOException {
        SiteClient guarded = node(kit, 50.0, policy(NodePrivacyPolicy.Evaluation.OFF)).guard(site());
        SiteUpdate u = guarded.fit(fit(1, new DpSgd(1.0, 1.0, false).withDelta(1e-5)));
        SiteUpdate v = guarded.fit(fit(2, new DpSgd(0.5, 2.0, false)));
        PrivacyLedger ledger = ledger(kit);
        assertEquals(List.of(Release.FIT, Release.FIT), ledger.releases("h1").stream().map(Release::kind).toList());
        assertEquals(List.of(1, 2), ledger.releases("h1").stream().map(Release::round).toList());
        double replayed = ledger.replay("h1").spent(1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(replayed, v.metrics().get(BudgetedSite.EPSILON), 1e-12);
        assertTrue(u.metrics().get(BudgetedSite.EPSILON) < replayed);
        assertEquals(Map.of(BudgetedSite.EPSILON, v.metrics().get(BudgetedSite.EPSILON)), v.metrics(), "nothing else leaves");
    }

    @Test
    void evaluationIsRefusedWhenOffAndOtherwiseOnlyANoisyConfusionMatrixLeaves(@TempDir Path kit) throws IOException {
        EvaluateInstructions task = new EvaluateInstructions(3, ConstantStepTrainer.weights(PARAMETERS, 0f));
        SiteClient off = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF)).guard(site());
        PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> off.evaluate(task));
        assertTrue(e.getMessage().startsWith("privacy policy: site h1 refuses round 3: evaluation is off"), e.getMessage());

        NodePrivacy.Guarded noisy = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.NOISY)).guard(site());
        SiteEvaluation r = noisy.evaluate(task);
        assertTrue(Double.isNaN(r.result().loss()), "no loss: it has no noise");
        assertTrue(Double.isNaN(r.result().metrics().rocAuc()), "no ROC AUC: it has no noise");
        for (long[] row : r.result().metrics().confusion()) {
            for (long c : row) {
                assertTrue(c >= 0);
            }
        }
        assertEquals(10.0, noisy.evaluationNoise());
        PrivacyLedger ledger = ledger(kit);
        assertEquals(List.of(Release.once(Release.EVALUATION, 3, 10.0)), ledger.releases("h1"));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("evaluation released as a noisy confusion matrix"));
    }

    @Test
    void anEvaluationBeyondTheBudgetIsRefusedAndNotBooked(@TempDir Path kit) throws IOException {
        NodePrivacyPolicy expensive = new NodePrivacyPolicy(1e-5, 1.0, 0.8, NodePrivacyPolicy.Evaluation.NOISY, 0.5, 4);
        SiteClient guarded = node(kit, 1.0, expensive).guard(site());
        PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> guarded.evaluate(new EvaluateInstructions(1,
                ConstantStepTrainer.weights(PARAMETERS, 0f))));
        assertTrue(e.getMessage().startsWith("privacy budget reached: the evaluation release of round 1 would raise epsilon from 0"),
                e.getMessage());
        assertFalse(Files.exists(kit.resolve(NodePrivacy.LEDGER_FILE)) && !ledger(kit).releases("h1").isEmpty());
    }

    @Test
    void statisticsWithoutDeclaredRangesAreRefusedBeforeTheDataIsRead(@TempDir Path kit) {
        NodePrivacy privacy = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF));
        NodeData untouchable = new NodeData() {
            @Override
            public SiteClient welcomed(ModelSpec model) {
                throw new AssertionError("not asked");
            }

            @Override
            public SiteStatistics statistics(OwnDataSchema schema, int minRows) {
                throw new AssertionError("exact statistics must not be computed under a budget");
            }

            @Override
            public SiteClient setUp(OwnDataSetup setup) {
                throw new AssertionError("not asked");
            }
        };
        NodeData guarded = privacy.guard(untouchable);
        TableSchema table = new TableSchema("y", List.of("a", "b"), List.of("x1", "x2"));
        PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> guarded.statistics(new OwnDataSchema(table, 0.2, 1), 10));
        assertTrue(e.getMessage().startsWith("privacy policy: site h1 refuses the statistics step: no declared range for x1, x2"),
                e.getMessage());
        OwnDataSchema oneRange = new OwnDataSchema(table, 0.2, 1, Map.of("x1", new FeatureRange(0, 1)));
        e = assertThrows(PrivacyRefusal.class, () -> guarded.statistics(oneRange, 10));
        assertTrue(e.getMessage().contains("no declared range for x2;"), e.getMessage());
        TableSchema undeclared = new TableSchema("y", List.of("a", "b"), List.of());
        e = assertThrows(PrivacyRefusal.class, () -> guarded.statistics(new OwnDataSchema(undeclared, 0.2, 1), 10));
        assertTrue(e.getMessage().contains("declares no features"), e.getMessage());
    }

    @Test
    void statisticsWithRangesLeaveWithNoiseOnceBookedAndARestartedNodeRemembers(@TempDir Path kit) throws IOException {
        StringBuilder csv = new StringBuilder("id,x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i % 3 == 0 ? "NA" : String.valueOf(50 + i)).append(',')
                    .append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path file = Files.writeString(kit.resolve("records.csv"), csv);
        OwnDataSchema schema = new OwnDataSchema(new TableSchema("y", List.of("a", "b"), List.of("x1", "x2")), 0.2, 1,
                Map.of("x1", new FeatureRange(0, 10), "x2", new FeatureRange(0, 200)));
        NodePrivacy privacy = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF));
        try (OwnFileData data = new OwnFileData(file, "h1", new PrintStream(console, true, StandardCharsets.UTF_8))) {
            NodeData guarded = privacy.guard(data);
            SiteStatistics released = guarded.statistics(schema, 10);
            SiteStatistics exact = data.statistics(schema, 10);
            assertEquals(exact.stats().rows(), released.stats().rows());
            assertFalse(exact.stats().equals(released.stats()), "noise was added");
            assertEquals(released, guarded.statistics(schema, 10), "asked again: the same answer, no new release");
        }
        PrivacyLedger ledger = ledger(kit);
        assertEquals(List.of(Release.once(Release.STATISTICS, 0, 4.0)), ledger.releases("h1"));
        double spent = ledger.siteSpent("h1", 1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(spent > 0);
        node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(String.format(Locale.ROOT, "epsilon %.4f spent", spent)),
                "a restarted node reads its ledger: " + console);
    }

    @Test
    void anExplanationOnTooFewRowsOrWeakerThanThePolicyIsRefusedBeforeAnythingIsBooked(@TempDir Path kit) {
        NodePrivacy.Guarded guarded = node(kit, 5.0, policy(NodePrivacyPolicy.Evaluation.OFF)).guard(site());
        ModelWeights model = ConstantStepTrainer.weights(PARAMETERS, 0f);
        ExplainRequest sample = new ExplainRequest(3, model, 50, 20, ExplainRequest.Release.SAMPLE, 0.5, 1.0, false, 7);
        PrivacyRefusal e = assertThrows(PrivacyRefusal.class, () -> guarded.explain(sample, 1e-5));
        assertEquals("explain: site h1 refused: 2 rows, fewer than explain_min_rows 20; the aggregate is over the other sites",
                e.getMessage());
        ExplainRequest clear = new ExplainRequest(3, model, 50, 2, ExplainRequest.Release.CLEAR, 0, 0, false, 7);
        e = assertThrows(PrivacyRefusal.class, () -> guarded.explain(clear, Double.NaN));
        assertTrue(e.getMessage().contains("an explanation without noise; under its privacy budget this node explains only at sample"
                + " level"), e.getMessage());
        assertFalse(Files.exists(kit.resolve(NodePrivacy.LEDGER_FILE)), "nothing booked");
    }
}
