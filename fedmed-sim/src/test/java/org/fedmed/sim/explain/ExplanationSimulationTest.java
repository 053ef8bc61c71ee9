package org.fedmed.sim.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.ExplainSpec;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.explain.ExplanationDp;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.TabularExplanation;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** Federated explanations of a simulated WDBC study: each site explains on its own rows, the coordinator aggregates. */
class ExplanationSimulationTest {

    /** As {@code fedmed simulate --dataset wdbc --partition iid --sites 3 --seed 11 --rounds 5 --no-baselines --explain --explain-rows 30}. */
    private static StudySpecBuilder wdbc() {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, Map.of("dataset", "wdbc", "partition", "iid", "sites", "3", "seed", "11", "rounds", "5",
                "baselines", "false", "explain", "true", "explain_rows", "30"), KeySource.commandLine());
        return b;
    }

    /**
     * The target, "agree" made precise: at least 7 of the federated model's top 10 features by
     * mean |SHAP| over the sites are among the pooled (centralized) model's top 10 by permutation
     * importance (two random top-10 lists of WDBC's 30 features share 10·10/30 ≈ 3.3 on average).
     * Why top 10 and not top 5: WDBC's features come in correlated groups (radius, perimeter and area
     * of the same nuclei), and two models, or two methods on one model, pick different members of a
     * group; measured on this study, 2 of the top 5 are shared and 8 of the top 10.
     */
    @Test
    void wdbcTopFeaturesBySiteShapAgreeWithThePooledModelsPermutationImportance() {
        StudySpecBuilder b = wdbc();
        b.baselines = true;
        b.rounds = null; // the dataset's: both models trained as the default study trains them
        b.explainRows = null;
        List<String> lines = new ArrayList<>();
        SimulationResult r = Simulation.withDjl().run(b.build(), phases(lines));
        Explanations e = r.explanations();
        assertNotNull(e);
        assertEquals(Explanations.KERNEL_SHAP, e.method());
        TabularExplanation t = e.tabular();
        assertEquals(30, t.features().size());
        assertEquals(3, t.sites().size());
        assertTrue(t.refusals().isEmpty());
        assertNull(t.dp(), "no DP in the study: released in clear");
        FederatedExplanation f = t.aggregate();
        assertEquals(3 * ExplainSpec.DEFAULT_ROWS, f.rows());
        assertTrue(Arrays.stream(f.meanAbsShap()).allMatch(v -> v >= 0));
        assertTrue(Arrays.stream(f.meanAbsShap()).sum() > 0.05, "the model's outputs move: " + Arrays.toString(f.meanAbsShap()));
        assertNotNull(f.permutationImportance());
        assertNotNull(t.pooledPermutationImportance());
        List<String> top = names(t, f.meanAbsShap());
        List<String> pooledTop = names(t, t.pooledPermutationImportance());
        assertTrue(t.sharedTopFeatures() >= 7, "federated SHAP top 10 " + top + " vs pooled permutation top 10 " + pooledTop);
        assertEquals(3, lines.stream().filter(l -> l.startsWith("explain: site ")).count(), String.join("\n", lines));
    }

    private static List<String> names(TabularExplanation t, double[] values) {
        return Arrays.stream(FederatedExplanation.top(values, TabularExplanation.TOP)).mapToObj(t.features()::get).toList();
    }

    @Test
    void aSiteWithTooFewRowsRefusesWithOneLineAndTheAggregateIsOverTheOthers() {
        StudySpecBuilder b = wdbc();
        b.rounds = 1;
        b.partition = "quantity:0.5";
        FederatedData data = Simulation.prepareData(b.build());
        int largest = data.sites().stream().mapToInt(s -> s.train().size()).max().orElseThrow();
        List<String> small = data.sites().stream().filter(s -> s.train().size() < largest).map(SiteData::siteId).toList();
        assertTrue(!small.isEmpty() && small.size() < 3, "the partition gives sites of different sizes");
        b.explainMinRows = largest;
        List<String> lines = new ArrayList<>();
        TabularExplanation t = Simulation.withDjl().run(b.build(), data, phases(lines)).explanations().tabular();
        assertEquals(small.size(), t.refusals().size());
        for (String site : small) {
            assertTrue(t.refusals().stream().anyMatch(l -> l.equals("explain: site " + site + " refused: "
                    + data.sites().stream().filter(s -> s.siteId().equals(site)).findFirst().orElseThrow().train().size()
                    + " rows, fewer than explain_min_rows " + largest + "; the aggregate is over the other sites")), t.refusals().toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("explain: site " + site + " refused")));
        }
        assertEquals(3 - small.size(), t.aggregate().sites());
        assertTrue(t.sites().stream().map(SiteExplanation::site).noneMatch(small::contains));
    }

    @Test
    void underSampleLevelDpEachSiteBooksItsReleaseInItsLedgerAndReleasesNoPermutationImportance() {
        StudySpecBuilder b = wdbc();
        b.rounds = 2;
        b.dpLevel = "sample";
        b.dpClip = 1.0;
        b.dpNoise = 1.0;
        b.optimizer = "sgd";
        b.learningRate = 0.5;
        b.batchSize = 32;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        TabularExplanation t = r.explanations().tabular();
        ExplanationDp dp = t.dp();
        assertNotNull(dp);
        assertEquals("sample", dp.level());
        assertTrue(t.background().startsWith("the all-zero row"), t.background());
        PrivacyReport p = r.privacy();
        for (SiteExplanation s : t.sites()) {
            assertNull(s.permutationImportance(), "a shuffled column mixes rows: withheld under DP");
            double explanation = dp.epsilonExplanation().get(s.site());
            double total = dp.epsilonTotal().get(s.site());
            assertTrue(explanation > 0 && total > explanation, s.site() + ": " + explanation + " of " + total);
            // booked before the report: the site's reported ε is training and explanation together
            assertEquals(total, p.sites().get(s.site()).epsilon(), 1e-9);
        }
    }

    @Test
    void underClientLevelDpTheSiteLevelReleaseComposesWithTheCoordinatorsAccountant() {
        StudySpecBuilder b = wdbc();
        b.rounds = 2;
        b.dpClip = 1.0;
        b.dpNoise = 1.0;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        ExplanationDp dp = r.explanations().tabular().dp();
        assertEquals("client", dp.level());
        double training = r.privacy().finalEpsilon();
        for (String site : dp.epsilonTotal().keySet()) {
            assertTrue(dp.epsilonTotal().get(site) > training && dp.epsilonTotal().get(site) > dp.epsilonExplanation().get(site),
                    site + ": " + dp);
        }
    }

    @Test
    void aDeploymentMayExplainATabularStudyAndWithoutExplainTheirSettingsAreRefused() {
        StudySpec spec = wdbc().build();
        StudyRuntime.DEPLOYMENT.checkSupported(spec); // the nodes explain on their own rows (ExplainDeploymentTest)
        StudySpecBuilder b = wdbc();
        b.explain = false;
        b.origins.put("explain_rows", "option --explain-rows");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("option --explain-rows sets how the final model is explained; add explain: true (--explain) or remove it",
                e.getMessage());
    }

    private static SimulationListener phases(List<String> lines) {
        return new SimulationListener() {
            @Override
            public void phase(String message) {
                lines.add(message);
            }
        };
    }
}
