package org.fedmed.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The card from report.json sections a short run may not have: client-level DP with withheld site
 * metrics, secure aggregation, a robust rule, a simulated attack, failed site rounds, a survival model.
 */
class ModelCardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode card(String report) throws Exception {
        ObjectNode export = JSON.createObjectNode();
        export.putNull("onnx");
        export.put("onnx_refused", "a cox model gives a risk score, not class probabilities: it is not exported to ONNX");
        return ModelCard.from(JSON.readTree(report), new ModelCard.Facts("fedmed test", "2026-01-01T00:00:00Z", null, export));
    }

    @Test
    void clientDpSecureAggregationAndAnAttackAreStatedFromTheReport() throws Exception {
        ObjectNode card = card("""
                {"dataset": "pima", "partition": "iid", "classes": ["no diabetes", "diabetes"], "model": "logreg[8]->2",
                 "config": {"aggregator": "median", "local_layers": "head"},
                 "sites": [{"id": "a", "train_samples": 300, "label_counts": {"no diabetes": 200, "diabetes": 100}}],
                 "rounds": [{"round": 1, "failures": {"a": "timeout"}}, {"round": 2}],
                 "final": {"federated": {"accuracy": 0.75, "samples": 2000}, "centralized": null},
                 "per_site": {}, "site_details": "withheld under client-level DP",
                 "attack": {"attack": "label_flip", "malicious_sites": ["a"]},
                 "secure_aggregation": {"protection": "pairwise masking", "parameters": "t=2"},
                 "privacy": {"level": "client", "mechanism": "gaussian", "epsilon": 12.5, "delta": 1e-5, "per_site": {"a": 12.5}},
                 "totals": {"rounds": 2, "model_parameters": 18}}""");
        assertTrue(card.at("/privacy/differential_privacy").asBoolean());
        assertEquals(12.5, card.at("/privacy/epsilon_per_site/a").asDouble(), 0.0);
        assertEquals("pairwise masking (t=2)", card.at("/protections/secure_aggregation").asText());
        assertEquals("median", card.at("/protections/robust_aggregator").asText());
        assertEquals("withheld under client-level DP", card.at("/metrics/per_site_note").asText());
        assertFalse(card.at("/metrics").has("spread"));
        String lim = card.get("limitations").toString();
        assertTrue(lim.contains("simulated the attack 'label_flip' by 1 site(s)"), lim);
        assertTrue(lim.contains("1 site round(s) failed"), lim);
        assertTrue(lim.contains("epsilon 12.50"), lim);
        assertTrue(lim.contains("no ONNX file"), lim);
        assertTrue(lim.contains("kept the tensors 'head'"), lim);
        // 2000 test examples: the interval is narrower than the threshold, so no small-test-set line
        assertFalse(lim.contains("test examples only"), lim);
        assertFalse(lim.contains("non-IID"), lim);
        assertFalse(lim.contains("no differential privacy"), lim);
        String md = ModelCardMarkdown.render(card);
        assertTrue(md.contains("client-level gaussian, epsilon 12.5000") && md.contains("| a | 12.5000 |"), md);
    }

    @Test
    void aSurvivalModelIsComparedOnTheCIndexAndItsWorstSiteIsTheMinimum() throws Exception {
        ObjectNode card = card("""
                {"dataset": "tcga-brca", "partition": "natural", "classes": ["censored", "event"], "model": "cox[39]->2",
                 "final": {"federated": {"c_index": 0.7, "samples": 200}, "centralized": {"c_index": 0.8},
                           "local_only": {"r1": {"c_index": 0.6}, "r2": {"c_index": null}}},
                 "per_site": {"r1": {"c_index": 0.72}, "r2": {"c_index": 0.55}, "r3": {"c_index": 0.81}},
                 "totals": {"rounds": 5, "model_parameters": 40}}""");
        JsonNode m = card.get("metrics");
        assertEquals("c_index", m.get("score").asText());
        assertEquals("r2", m.at("/spread/worst_site").asText());
        assertEquals(0.55, m.at("/spread/min").asDouble(), 0.0);
        assertEquals("r3", m.at("/spread/best_site").asText());
        double mean = (0.72 + 0.55 + 0.81) / 3;
        double sd = Math.sqrt((Math.pow(0.72 - mean, 2) + Math.pow(0.55 - mean, 2) + Math.pow(0.81 - mean, 2)) / 3);
        assertEquals(sd, m.at("/spread/sd").asDouble(), 1e-12);
        assertFalse(m.at("/overall").has("accuracy_ci95"), "no accuracy, no interval");
        assertEquals(1, card.at("/baselines/local_only").size(), "an undefined local C-index is left out");
        String lim = card.get("limitations").toString();
        assertTrue(lim.contains("worse at site r2: c_index 0.5500"), lim);
        assertTrue(lim.contains("centralized training on the pooled data scored 0.8000"), lim);
        assertTrue(card.at("/intended_use/statement").asText().contains("a risk score"));
    }

    @Test
    void theWilsonIntervalMatchesItsFormula() {
        // 90 of 100: Wilson (1927) 95% interval [0.8256, 0.9448] to four places
        double[] ci = ModelCardMetrics.wilson(0.9, 100);
        assertEquals(0.8256, ci[0], 1e-4);
        assertEquals(0.9448, ci[1], 1e-4);
    }
}
