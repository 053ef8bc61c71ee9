package org.fedmed.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.study.explain.ExplanationDp;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.Saliency;
import org.fedmed.study.explain.TabularExplanation;
import org.junit.jupiter.api.Test;

class ExplanationSectionTest {

    private static TabularExplanation tabular(ExplanationDp dp) {
        List<SiteExplanation> sites = List.of(
                new SiteExplanation("site-1", 30, new double[] {0.3, 0.1, 0.0}, dp == null ? new double[] {0.02, 0.01, 0.0} : null, 0.4),
                new SiteExplanation("site-2", 10, new double[] {0.1, 0.3, 0.0}, dp == null ? new double[] {0.01, 0.03, 0.0} : null, 0.2));
        return new TabularExplanation(List.of("radius", "texture", "<script>"), FederatedExplanation.of(sites), sites,
                List.of("explain: site site-3 refused: 4 rows, fewer than explain_min_rows 20; the aggregate is over the other sites"),
                "malignant", "up to 20 of the site's own rows", 512, dp == null ? new double[] {0.05, 0.01, 0.0} : null, dp);
    }

    @Test
    void reportJsonHasEachFeaturesAggregateTheSitesTheRefusalAndSaysTheReleaseWasClear() {
        ObjectNode n = ExplanationSection.json(new Explanations(Explanations.KERNEL_SHAP, tabular(null), List.of()));
        assertEquals("kernel_shap", n.get("method").asText());
        JsonNode radius = n.get("features").get(0);
        assertEquals("radius", radius.get("name").asText());
        assertEquals(0.25, radius.get("mean_abs_shap").asDouble(), 1e-12); // (30·0.3 + 10·0.1) / 40
        assertEquals(0.0175, radius.get("permutation_importance").asDouble(), 1e-12);
        assertEquals(2, n.get("sites").size());
        assertEquals(40, n.get("rows").asInt());
        assertTrue(n.get("refused").get(0).asText().contains("site-3 refused"));
        assertEquals(ExplanationSection.CLEAR, n.get("release").asText());
        assertFalse(n.has("dp"));
        assertEquals(3, n.get("agreement").get("shared").asInt()); // 3 features: the top 10 is all of them
        String html = ExplanationSection.html(new Explanations(Explanations.KERNEL_SHAP, tabular(null), List.of()));
        assertTrue(html.contains("<svg") && html.contains("Released in clear"), html);
        assertFalse(html.contains("<script>"), "feature names are escaped");
    }

    @Test
    void underDpTheCostPerSiteIsReportedSeparatelyAndInTheTotalAndImportancesAreWithheld() {
        ExplanationDp dp = new ExplanationDp("sample", 0.5, 1.0, 1e-5, Map.of("site-1", 0.8, "site-2", 0.9),
                Map.of("site-1", 3.1, "site-2", 3.4), false);
        ObjectNode n = ExplanationSection.json(new Explanations(Explanations.KERNEL_SHAP, tabular(dp), List.of()));
        assertEquals(0.8, n.get("dp").get("epsilon_explanation").get("site-1").asDouble());
        assertEquals(3.4, n.get("dp").get("epsilon_total").get("site-2").asDouble());
        assertTrue(n.get("features").get(0).get("permutation_importance").isNull());
        assertFalse(n.has("release"));
        assertTrue(ExplanationSection.html(new Explanations(Explanations.KERNEL_SHAP, tabular(dp), List.of()))
                .contains("site-1 0.800 / 3.10"));
    }

    @Test
    void saliencyShowsTheImageAndItsHeatmapWithTheCompletenessFigures() {
        Saliency s = new Saliency(0, "normal", "pneumonia", 0.9, 0.4, new int[] {1, 2, 2}, new float[] {0, 1, 0.5f, 0.2f},
                new double[] {0.2, 0.3, -0.05, 0.05}, 0.0);
        Explanations e = new Explanations(Explanations.INTEGRATED_GRADIENTS, null, List.of(s));
        ObjectNode n = ExplanationSection.json(e);
        assertEquals(0.5, n.get("images").get(0).get("sum_of_attributions").asDouble(), 1e-12);
        String html = ExplanationSection.html(e);
        assertEquals(2, html.split("<svg", -1).length - 1);
        assertTrue(html.contains("fill='rgb(255,0,0)'"), "the largest positive attribution is full red");
        assertTrue(html.contains("fill='rgb(212,212,255)'"), "a negative one is blue: " + html);
    }
}
