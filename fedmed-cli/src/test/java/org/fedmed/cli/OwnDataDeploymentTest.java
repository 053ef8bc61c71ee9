package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedmed.cli.report.OwnDataReport;
import org.fedmed.cli.report.OwnDataReportHtml;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.study.prep.PreprocessingFit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The own-data deployment on the command line: the node's options, the study's data section, and the report. */
class OwnDataDeploymentTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return FedMed.execute(new PrintWriter(err, true), args);
    }

    @Test
    void aNodeTakesExactlyOneOfItsOwnFileAndADemoDataset() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "node", "--kit", tmp.toString()));
        assertTrue(err.toString().contains("--data=FILE.csv") && err.toString().contains("--dataset=NAME"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "node", "--kit", tmp.toString(), "--data", "a.csv", "--dataset", "wdbc"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        err = new StringWriter();
        assertEquals(1, run(err, "node", "--kit", tmp.toString(), "--data", "a.csv", "--partition", "iid"));
        assertTrue(err.toString().contains("--partition, --sites and the test fractions are for demo data"), err.toString());
    }

    @Test
    void theStudysDataSectionIsCheckedWhenTheConfigurationIsRead() {
        Map<String, Object> data = Map.of("label", "diagnosis", "classes", List.of("B", "M"), "features", List.of("a", "b"));
        CoordinatorConfig cfg = config(Map.of("data", data, "seed", 3, "site_test_fraction", 0.25));
        assertEquals("diagnosis", cfg.ownData().schema().table().label());
        assertEquals(List.of("a", "b"), cfg.ownData().schema().table().features());
        assertEquals(0.25, cfg.ownData().schema().siteTestFraction());
        assertEquals(3, cfg.ownData().schema().splitSeed());
        assertEquals(10, cfg.ownData().minRows());
        assertEquals(CoordinatorConfig.OWN_DATA, cfg.study().dataset());
        assertTrue(cfg.fingerprint().contains("diagnosis"), "a store is bound to the schema");
        Map<String, Object> otherFeatures = Map.of("label", "diagnosis", "classes", List.of("B", "M"), "features", List.of("a", "c"));
        assertTrue(!cfg.fingerprint().equals(config(Map.of("data", otherFeatures, "seed", 3, "site_test_fraction", 0.25)).fingerprint()),
                "another schema is another study");

        assertRefused(Map.of("data", data, "dataset", "wdbc"), "study.dataset is about the bundled demo datasets");
        assertRefused(Map.of("data", Map.of("label", "y")), "needs 'label: COLUMN' and 'classes:");
        assertRefused(Map.of("data", Map.of("label", "y", "classes", List.of("a", "b"), "min_rows", 3)), "at least 10");
        assertRefused(Map.of("data", Map.of("label", "y", "classes", List.of("a", "b"), "delimiter", ";")),
                "unknown key 'study.data.delimiter'");
    }

    private CoordinatorConfig config(Map<String, Object> study) {
        return CoordinatorConfig.fromMap(Map.of("provisioning", "fed", "study", study), tmp);
    }

    private void assertRefused(Map<String, Object> study, String message) {
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, () -> config(study));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theReportSaysEvaluationIsFederatedAndShowsTheFittedPreprocessing() throws Exception {
        CoordinatorConfig cfg = config(Map.of("data", Map.of("label", "y", "classes", List.of("no", "yes"))));
        FeatureStats stats = new FeatureStats(100, new long[] {100, 20, 90}, new double[] {500, 40, 900}, new double[] {2600, 90, 9100});
        TabularPreprocessor prep = TabularPreprocessor.fit(stats, List.of("age", "rare", "dose"), 0.5);
        PreprocessingFit fit = new PreprocessingFit(prep, List.of("a", "b"), Map.of("a", 60L, "b", 40L), Map.of("c", "site reported: x"));
        ModelWeights w = ModelWeights.of(List.of(new TensorSpec("w", new int[] {3})), new float[3]);
        List<SiteEvaluation> evals = List.of(eval("a", new long[][] {{8, 2}, {1, 9}}, 0.9), eval("b", new long[][] {{4, 1}, {1, 4}}, 0.7));
        RoundResult round = new RoundResult(1, w, List.of("a", "b"), Map.of(), true, 0.5, null, evals, 0.2, 100, 50);
        Coordinator.Outcome o = new Coordinator.Outcome(new FederationResult(w, List.of(round)), 1, null,
                ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {2}, 2), "fedavg",
                "mean(samples) → sgd(η=1.0)", 100, 50, 1.5, fit);

        JsonNode r = new ObjectMapper().readTree(OwnDataReport.json(cfg, o));
        assertTrue(r.get("global_test").isNull());
        assertTrue(r.get("evaluation").asText().startsWith("federated"), r.get("evaluation").asText());
        assertEquals(List.of("rare (80.0% missing)"), List.of(r.get("preprocessing_fit").get("dropped_columns").get(0).asText()));
        assertEquals(2, r.get("preprocessing_fit").get("means").asInt());
        assertEquals(2, r.get("preprocessing_fit").get("stds").asInt());
        assertEquals(100, r.get("preprocessing_fit").get("train_rows").asInt());
        assertEquals("site reported: x", r.get("excluded_sites").get("c").asText());
        assertEquals(60, r.get("sites").get(0).get("train_samples").asInt());
        assertEquals(20, r.get("sites").get(0).get("test_samples").asInt());
        // pooled: (8 + 9 + 4 + 4) correct of 30
        assertEquals(25.0 / 30, r.get("final").get("federated").get("accuracy").asDouble(), 1e-12);
        assertEquals(25.0 / 30, r.get("rounds").get(0).get("test_accuracy").asDouble(), 1e-12);
        assertEquals((0.9 * 20 + 0.7 * 10) / 30, r.get("rounds").get(0).get("mean_site_roc_auc").asDouble(), 1e-12);
        assertEquals(0.7, r.get("per_site").get("b").get("roc_auc").asDouble(), 1e-12);
        assertTrue(r.get("final").get("centralized").isNull());
        assertEquals(2, r.get("config").get("sites").asInt());
        assertTrue(!r.get("config").has("test_fraction"), "no global test set");

        String html = OwnDataReportHtml.render(cfg, o);
        assertTrue(html.contains("Federated preprocessing") && html.contains("rare (80.0% missing)") && html.contains("site reported: x"));
        assertTrue(html.contains("0.8333"), "pooled accuracy in the table");

        // sample-level DP: the epsilon the sites reported goes into both reports
        PrivacyReport privacy = new PrivacyReport(
                PrivacyReport.SAMPLE, "DP-SGD at each hospital", 1e-5,
                Conversion.IMPROVED,
                List.of(new PrivacyReport.Round(1, Double.NaN, 1.0, 1.0, 2, 0.8, Map.of("a", 0.8, "b", 0.6))),
                Map.of("a", new PrivacyReport.Site(60, 0.25, 4, 1.0, 1, 0.8, false)));
        JsonNode withDp = new ObjectMapper().readTree(OwnDataReport.json(cfg, o, privacy)).get("privacy");
        assertEquals("sample", withDp.get("level").asText());
        assertEquals(0.6, withDp.get("rounds").get(0).get("per_site").get("b").asDouble(), 1e-12);
        assertTrue(OwnDataReportHtml.render(cfg, o, privacy).contains("Sample-level privacy"));
    }

    private static SiteEvaluation eval(String site, long[][] counts, double auc) {
        return new SiteEvaluation(site, 1, new EvaluationResult(0.4, ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(counts), auc)));
    }
}
