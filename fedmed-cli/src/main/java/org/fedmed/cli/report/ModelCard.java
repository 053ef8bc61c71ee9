package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * model_card.json: what a hospital, an ethics board or a user of the exported model needs to know
 * about it, derived from the run's report.json (the one source of truth: every figure here is read
 * from it) and a few facts report.json does not hold (the exported file and its SHA-256, FedMed's
 * version, the date, the study's fingerprint). Nothing is claimed that the run did not measure.
 *
 * <p>Sections: {@code format}, {@code intended_use}, {@code data}, {@code model}, {@code metrics}
 * (overall with a 95% Wilson interval for the accuracy, per site with min, max, sd and the worst site),
 * {@code baselines}, {@code privacy}, {@code protections}, {@code limitations}, {@code export},
 * {@code fedmed_version}, {@code generated}, {@code study_fingerprint_sha256}.
 */
public final class ModelCard {

    public static final String FORMAT = "fedmed-model-card/1";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the card says beyond report.json. {@code export} is the export section (see {@link ModelCardWriter}). */
    public record Facts(String fedmedVersion, String generated, String studyFingerprintSha256, ObjectNode export) {
    }

    /** The task each bundled dataset poses (datasets/README.md), for the intended-use statement. */
    private static final Map<String, String> TASKS = Map.of(
            "wdbc", "malignant vs benign breast mass from fine-needle aspirate features (WDBC)",
            "cardio", "cardiovascular disease from examination records",
            "heart", "heart disease (angiographic narrowing, num > 0) from clinical features",
            "pima", "diabetes from clinical measurements (Pima Indians)",
            "pneumoniamnist", "pneumonia on 28x28 paediatric chest X-rays (PneumoniaMNIST)",
            "breastmnist", "malignant breast lesion on 28x28 ultrasound images (BreastMNIST)",
            "ecg200", "myocardial infarction vs normal heartbeat (ECG200)",
            "ecg5000", "five heartbeat classes (ECG5000)",
            "tcga-brca", "survival risk in breast cancer (TCGA-BRCA)");

    private ModelCard() {
    }

    public static ObjectNode from(JsonNode report, Facts facts) {
        ObjectNode card = MAPPER.createObjectNode();
        card.put("format", FORMAT);
        card.set("intended_use", intendedUse(report));
        card.set("data", data(report));
        card.set("model", model(report));
        String score = score(report);
        ObjectNode metrics = ModelCardMetrics.metrics(report, score);
        card.set("metrics", metrics);
        card.set("baselines", ModelCardMetrics.baselines(report, score));
        card.set("privacy", privacy(report));
        card.set("protections", protections(report));
        card.set("limitations", MAPPER.valueToTree(ModelCardLimitations.derive(report, metrics, facts.export())));
        card.set("export", facts.export());
        card.put("fedmed_version", facts.fedmedVersion());
        card.put("generated", facts.generated());
        if (facts.studyFingerprintSha256() != null) {
            card.put("study_fingerprint_sha256", facts.studyFingerprintSha256());
        }
        return card;
    }

    /** The metric sites are compared on: the C-index for a survival model, else the accuracy. */
    static String score(JsonNode report) {
        return report.path("final").path("federated").has("c_index") ? "c_index" : "accuracy";
    }

    private static ObjectNode intendedUse(JsonNode report) {
        ObjectNode n = MAPPER.createObjectNode();
        String dataset = report.path("dataset").asText();
        String task = TASKS.getOrDefault(dataset, "the label of the study's own data (" + dataset + ")");
        List<String> classes = strings(report.path("classes"));
        n.put("task", task);
        n.set("classes", MAPPER.valueToTree(classes));
        if (classes.size() == 2) {
            // label 1 is the disease class of every bundled dataset and the positive class of every metric
            n.put("positive_class", classes.get(1));
        }
        n.put("statement", "Research use and decision-support studies only: the model gives " + (score(report).equals("c_index")
                ? "a risk score" : "class probabilities") + " for " + task + ". It is not a medical device and not for diagnosis"
                + " or treatment decisions; it was not validated outside this study's test data.");
        return n;
    }

    private static ObjectNode data(JsonNode report) {
        ObjectNode n = MAPPER.createObjectNode();
        String dataset = report.path("dataset").asText();
        n.put("dataset", dataset);
        n.put("provenance", TASKS.containsKey(dataset) ? "datasets/README.md, dataset '" + dataset + "': source repository,"
                + " commit, licence and checksums (SHA256SUMS)" : "the hospitals' own files; each site holds their provenance");
        copy(report, n, "partition");
        copy(report, n, "preprocessing");
        ArrayNode sites = n.putArray("sites");
        for (JsonNode s : report.path("sites")) {
            ObjectNode x = sites.addObject();
            copy(s, x, "id");
            copy(s, x, "train_samples");
            copy(s, x, "test_samples");
            if (s.has("label_counts")) {
                x.set("label_counts", s.get("label_counts"));
                double minority = minorityShare(s.get("label_counts"));
                if (!Double.isNaN(minority)) {
                    x.put("minority_class_share", minority);
                }
            }
        }
        if (report.has("global_test")) {
            n.set("global_test", report.get("global_test"));
        }
        return n;
    }

    private static ObjectNode model(JsonNode report) {
        ObjectNode n = MAPPER.createObjectNode();
        copy(report, n, "model");
        copy(report.path("totals"), n, "model_parameters");
        copy(report.path("totals"), n, "rounds");
        copy(report, n, "strategy");
        copy(report, n, "aggregation");
        JsonNode c = report.path("config");
        for (String k : List.of("local_epochs", "batch_size", "lr", "optimizer", "weighting", "fraction", "aggregator", "init_from")) {
            copy(c, n, k);
        }
        return n;
    }

    private static ObjectNode privacy(JsonNode report) {
        ObjectNode n = MAPPER.createObjectNode();
        JsonNode p = report.path("privacy");
        if (p.isMissingNode() || p.isNull()) {
            n.put("differential_privacy", false);
            n.put("statement", "no differential privacy");
            return n;
        }
        n.put("differential_privacy", true);
        for (String k : List.of("level", "mechanism", "epsilon", "delta")) {
            copy(p, n, k);
        }
        if (p.has("per_site")) {
            n.set("epsilon_per_site", p.get("per_site"));
        }
        return n;
    }

    private static ObjectNode protections(JsonNode report) {
        ObjectNode n = MAPPER.createObjectNode();
        JsonNode sec = report.path("secure_aggregation");
        n.put("secure_aggregation", sec.isObject() ? sec.path("protection").asText() + " (" + sec.path("parameters").asText() + ")"
                : "none: the coordinator saw each site's update in the clear");
        String aggregator = report.path("config").path("aggregator").asText("mean");
        n.put("robust_aggregator", aggregator.isEmpty() || aggregator.equals("mean") ? "none (mean)" : aggregator);
        n.put("update_screening", report.path("screening").isObject() ? "yes (report.json, screening)" : "none");
        return n;
    }

    /** The share of the least frequent class among {@code counts}, or NaN without rows. */
    static double minorityShare(JsonNode counts) {
        long total = 0;
        long min = Long.MAX_VALUE;
        for (Iterator<JsonNode> it = counts.elements(); it.hasNext(); ) {
            long c = it.next().asLong();
            total += c;
            min = Math.min(min, c);
        }
        return total == 0 ? Double.NaN : (double) min / total;
    }

    static void copy(JsonNode from, ObjectNode to, String key) {
        if (from.has(key)) {
            to.set(key, from.get(key));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
