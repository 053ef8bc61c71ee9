package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** model_card.md: model_card.json for a reader, section by section, with nothing the JSON does not hold. */
final class ModelCardMarkdown {

    private ModelCardMarkdown() {
    }

    static String render(JsonNode card) {
        StringBuilder md = new StringBuilder();
        JsonNode use = card.path("intended_use");
        JsonNode data = card.path("data");
        JsonNode model = card.path("model");
        md.append("# Model card: ").append(model.path("model").asText()).append(" on ").append(data.path("dataset").asText())
                .append("\n\n");
        md.append(card.path("fedmed_version").asText()).append(", generated ").append(card.path("generated").asText());
        if (card.has("study_fingerprint_sha256")) {
            md.append(", study fingerprint (SHA-256) `").append(card.path("study_fingerprint_sha256").asText()).append('`');
        }
        md.append(".\n\n## Intended use\n\n").append(use.path("statement").asText()).append("\n\n");
        if (!use.path("classes").isEmpty()) {
            md.append("- Classes: ").append(join(use.path("classes")));
            if (use.has("positive_class")) {
                md.append("; positive (disease) class: ").append(use.path("positive_class").asText());
            }
            md.append('\n');
        }
        md.append("\n## Data and sites\n\n");
        md.append("- Dataset: ").append(data.path("dataset").asText()).append("; provenance: ").append(data.path("provenance").asText())
                .append('\n');
        line(md, "Partition", data.path("partition"));
        line(md, "Preprocessing", data.path("preprocessing"));
        if (data.path("global_test").has("samples")) {
            md.append("- Global test set: ").append(data.path("global_test").path("samples").asText()).append(" examples ")
                    .append(counts(data.path("global_test").path("label_counts"))).append('\n');
        }
        if (!data.path("sites").isEmpty()) {
            md.append("\n| site | train rows | test rows | training labels | least frequent class |\n|---|---|---|---|---|\n");
        }
        for (JsonNode s : data.path("sites")) {
            md.append("| ").append(s.path("id").asText()).append(" | ").append(s.path("train_samples").asText("-")).append(" | ")
                    .append(s.path("test_samples").asText("-")).append(" | ").append(counts(s.path("label_counts"))).append(" | ")
                    .append(s.has("minority_class_share") ? pct(s.path("minority_class_share").asDouble()) : "-").append(" |\n");
        }
        md.append("\n## Model and training\n\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = model.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            line(md, e.getKey(), e.getValue());
        }
        metrics(md, card.path("metrics"), card.path("baselines"));
        md.append("\n## Privacy\n\n");
        JsonNode p = card.path("privacy");
        if (!p.path("differential_privacy").asBoolean()) {
            md.append(p.path("statement").asText()).append('\n');
        } else {
            md.append(String.format(Locale.ROOT, "%s-level %s, epsilon %s at delta %s.%n", p.path("level").asText(),
                    p.path("mechanism").asText(), num(p.path("epsilon")), p.path("delta").asText()));
            if (p.has("epsilon_per_site")) {
                md.append("\n| site | epsilon spent |\n|---|---|\n");
                p.path("epsilon_per_site").fields().forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ")
                        .append(num(e.getValue())).append(" |\n"));
            }
        }
        md.append("\n## Protections\n\n");
        card.path("protections").fields().forEachRemaining(e -> line(md, e.getKey(), e.getValue()));
        md.append("\n## Known limitations\n\n");
        JsonNode lim = card.path("limitations");
        if (lim.isEmpty()) {
            md.append("None derived from this run's facts.\n");
        }
        lim.forEach(l -> md.append("- ").append(l.asText()).append('\n'));
        md.append("\n## Export\n\n");
        card.path("export").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(x -> line(md, e.getKey() + " " + x.getKey(), x.getValue()));
            } else {
                line(md, e.getKey(), e.getValue());
            }
        });
        return md.toString();
    }

    private static void metrics(StringBuilder md, JsonNode m, JsonNode b) {
        String score = m.path("score").asText();
        md.append("\n## Metrics\n\nFinal federated model on the global test set:\n\n");
        m.path("overall").fields().forEachRemaining(e -> line(md, e.getKey(), e.getValue()));
        md.append("\nPer site (").append(score).append(" on each site's own test set):\n\n");
        if (m.path("per_site").isEmpty()) {
            md.append(m.path("per_site_note").asText()).append('\n');
        } else {
            md.append("| site | ").append(score).append(" |\n|---|---|\n");
            m.path("per_site").fields().forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ").append(num(e.getValue()))
                    .append(" |\n"));
            JsonNode s = m.path("spread");
            md.append(String.format(Locale.ROOT, "%nSpread over %d sites: min %s (worst site: **%s**), max %s (%s), mean %s, sd %s.%n",
                    s.path("sites").asInt(), num(s.path("min")), s.path("worst_site").asText(), num(s.path("max")),
                    s.path("best_site").asText(), num(s.path("mean")), num(s.path("sd"))));
        }
        md.append("\nBaselines (").append(score).append(", ").append(b.path("evaluated_on").asText()).append("): centralized ")
                .append(b.path("centralized").isNull() ? "not run" : num(b.path("centralized")));
        if (b.has("local_only_mean")) {
            md.append("; local-only mean ").append(num(b.path("local_only_mean"))).append(" (");
            StringBuilder sites = new StringBuilder();
            b.path("local_only").fields().forEachRemaining(e -> sites.append(sites.length() == 0 ? "" : ", ").append(e.getKey())
                    .append(' ').append(num(e.getValue())));
            md.append(sites).append(')');
        } else if (b.has("note")) {
            md.append("; ").append(b.path("note").asText());
        }
        md.append(".\n");
    }

    private static void line(StringBuilder md, String key, JsonNode v) {
        if (v.isMissingNode()) {
            return;
        }
        md.append("- ").append(key).append(": ").append(v.isArray() ? join(v) : v.isNumber() ? num(v) : v.asText()).append('\n');
    }

    private static String counts(JsonNode labelCounts) {
        StringBuilder s = new StringBuilder();
        labelCounts.fields().forEachRemaining(e -> s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                .append(e.getValue().asText()));
        return s.length() == 0 ? "-" : "(" + s + ")";
    }

    private static String join(JsonNode array) {
        StringBuilder s = new StringBuilder("[");
        array.forEach(x -> s.append(s.length() == 1 ? "" : ", ").append(x.isNumber() ? num(x) : x.asText()));
        return s.append(']').toString();
    }

    private static String num(JsonNode v) {
        if (!v.isNumber()) {
            return v.isNull() || v.isMissingNode() ? "n/a" : v.asText();
        }
        return v.isIntegralNumber() ? v.asText() : String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
