package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model card's known limitations, each derived from a fact of the run in report.json (never a
 * stock list): small sites, class imbalance, a non-IID partition, the width of the test set's
 * confidence interval, small per-site test sets, the gap to the worst site and to centralized
 * training, failed site rounds, personal models, a simulated attack, the privacy setting, and a
 * model that could not be exported.
 */
final class ModelCardLimitations {

    /** Training rows under which a site is called small. */
    static final int SMALL_SITE_ROWS = 100;
    /** Test examples under which a site's metrics are called unreliable. */
    static final int SMALL_SITE_TEST = 30;
    /** Share of the least frequent class under which data are called imbalanced. */
    static final double IMBALANCED_SHARE = 0.2;
    /** Width of the accuracy's 95% interval over which the test set is called small. */
    static final double WIDE_INTERVAL = 0.05;
    /** Score gap (worst site or centralized vs the federated model) worth stating. */
    static final double NOTABLE_GAP = 0.05;

    private ModelCardLimitations() {
    }

    static List<String> derive(JsonNode report, ObjectNode metrics, JsonNode export) {
        List<String> out = new ArrayList<>();
        sites(report, out);
        String partition = report.path("partition").asText("");
        if (!partition.isEmpty() && !partition.equals("iid")) {
            out.add("non-IID partition '" + partition + "': the sites differ in size or label mix by design, so the model's"
                    + " quality differs between sites (see the per-site metrics)");
        }
        String score = metrics.path("score").asText();
        JsonNode overall = metrics.path("overall");
        JsonNode ci = overall.path("accuracy_ci95");
        if (ci.size() == 2 && ci.get(1).asDouble() - ci.get(0).asDouble() > WIDE_INTERVAL) {
            out.add(f("accuracy %.4f measured on %d test examples only: its 95%% interval is [%.4f, %.4f] (width %.4f)",
                    overall.path("accuracy").asDouble(), overall.path("samples").asLong(), ci.get(0).asDouble(), ci.get(1).asDouble(),
                    ci.get(1).asDouble() - ci.get(0).asDouble()));
        }
        JsonNode spread = metrics.path("spread");
        if (spread.isObject() && overall.path(score).isNumber()
                && overall.path(score).asDouble() - spread.path("min").asDouble() > NOTABLE_GAP) {
            out.add(f("the model does worse at site %s: %s %.4f on its own test set vs %.4f overall", spread.path("worst_site").asText(),
                    score, spread.path("min").asDouble(), overall.path(score).asDouble()));
        }
        JsonNode central = report.path("final").path("centralized").path(score);
        if (central.isNumber() && overall.path(score).isNumber() && central.asDouble() - overall.path(score).asDouble() > NOTABLE_GAP) {
            out.add(f("centralized training on the pooled data scored %.4f, the federated model %.4f", central.asDouble(),
                    overall.path(score).asDouble()));
        }
        int failed = 0;
        for (JsonNode r : report.path("rounds")) {
            failed += r.path("failures").size();
        }
        if (failed > 0) {
            out.add(failed + " site round(s) failed and were left out of aggregation (report.json, rounds[].failures)");
        }
        String local = report.path("config").path("local_layers").asText("");
        if (!local.isEmpty()) {
            out.add("each site kept the tensors '" + local + "' to itself (FedBN / FedPer): the exported model holds their global"
                    + " values, which no site evaluated (the per-site metrics used each site's own)");
        }
        if (report.has("personalization")) {
            out.add("the sites' personal models (report.json, personalization) are not the exported model: their metrics do not"
                    + " describe it");
        }
        // final.attack alone is the backdoor probe every run measures; the attack section is there only when one was simulated
        if (report.path("attack").isObject()) {
            out.add("the run simulated the attack '" + report.path("attack").path("attack").asText() + "' by "
                    + report.path("attack").path("malicious_sites").size() + " site(s): the model may carry its effect");
        }
        privacy(report, out);
        if (export.path("onnx").isNull() && export.has("onnx_refused")) {
            out.add("no ONNX file: " + export.path("onnx_refused").asText());
        }
        return out;
    }

    private static void sites(JsonNode report, List<String> out) {
        List<String> small = new ArrayList<>();
        List<String> imbalanced = new ArrayList<>();
        List<String> smallTest = new ArrayList<>();
        for (JsonNode s : report.path("sites")) {
            String id = s.path("id").asText();
            if (s.path("train_samples").isNumber() && s.path("train_samples").asLong() < SMALL_SITE_ROWS) {
                small.add(id + " (" + s.path("train_samples").asLong() + ")");
            }
            if (s.has("label_counts")) {
                double share = ModelCard.minorityShare(s.get("label_counts"));
                if (share < IMBALANCED_SHARE) {
                    imbalanced.add(f("%s (%.1f%%)", id, 100 * share));
                }
            }
            if (s.path("test_samples").isNumber() && s.path("test_samples").asLong() < SMALL_SITE_TEST) {
                smallTest.add(id + " (" + s.path("test_samples").asLong() + ")");
            }
        }
        if (!small.isEmpty()) {
            out.add("small sites, fewer than " + SMALL_SITE_ROWS + " training rows: " + String.join(", ", small));
        }
        if (!imbalanced.isEmpty()) {
            out.add(f("class imbalance: the least frequent class is under %.0f%% of the training rows at %s", 100 * IMBALANCED_SHARE,
                    String.join(", ", imbalanced)));
        }
        if (!smallTest.isEmpty()) {
            out.add("per-site metrics rest on fewer than " + SMALL_SITE_TEST + " test examples at " + String.join(", ", smallTest));
        }
        JsonNode global = report.path("global_test").path("label_counts");
        if (global.isObject() && ModelCard.minorityShare(global) < IMBALANCED_SHARE) {
            out.add(f("the test set is imbalanced (least frequent class %.1f%%): read the accuracy with the sensitivity and"
                    + " specificity", 100 * ModelCard.minorityShare(global)));
        }
    }

    private static void privacy(JsonNode report, List<String> out) {
        JsonNode p = report.path("privacy");
        if (!p.isObject()) {
            out.add("no differential privacy: the weights may reveal whether a record was in the training data (see"
                    + " `fedmed audit membership`)");
        } else if (p.path("epsilon").isNumber() && p.path("epsilon").asDouble() > 10) {
            out.add(f("%s-level differential privacy with epsilon %.2f: a guarantee this weak (epsilon above 10) bounds little",
                    p.path("level").asText(), p.path("epsilon").asDouble()));
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
