package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model card's metrics and baselines, read from report.json: the final federated model overall
 * (with a 95% Wilson score interval for the accuracy, Wilson 1927, so a reader sees what the test set
 * size allows), per site with min, max, mean, sd (population, over sites) and the worst site, and the
 * centralized and local-only baselines on the same test set.
 */
final class ModelCardMetrics {

    /** The normal quantile of a two-sided 95% interval. */
    private static final double Z95 = 1.959963984540054;

    private ModelCardMetrics() {
    }

    static ObjectNode metrics(JsonNode report, String score) {
        ObjectNode n = ModelCard.MAPPER.createObjectNode();
        n.put("score", score);
        JsonNode fed = report.path("final").path("federated");
        ObjectNode overall = n.putObject("overall");
        for (String k : List.of(score, "roc_auc", "sensitivity", "specificity", "ppv", "npv", "balanced_accuracy", "f1", "samples")) {
            ModelCard.copy(fed, overall, k);
        }
        if (score.equals("accuracy") && fed.path("accuracy").isNumber() && fed.path("samples").asLong() > 0) {
            double[] ci = wilson(fed.path("accuracy").asDouble(), fed.path("samples").asLong());
            overall.putArray("accuracy_ci95").add(ci[0]).add(ci[1]);
        }
        ObjectNode perSite = n.putObject("per_site");
        scores(report.path("per_site"), score).forEach(perSite::put);
        if (perSite.isEmpty()) {
            n.put("per_site_note", report.has("site_details") ? report.path("site_details").asText()
                    : "no per-site metrics in report.json");
        } else {
            n.set("spread", spread(perSite));
        }
        return n;
    }

    static ObjectNode baselines(JsonNode report, String score) {
        ObjectNode n = ModelCard.MAPPER.createObjectNode();
        JsonNode fin = report.path("final");
        JsonNode central = fin.path("centralized").path(score);
        if (central.isNumber()) {
            n.put("centralized", central.asDouble());
        } else {
            n.putNull("centralized");
        }
        ObjectNode local = n.putObject("local_only");
        scores(fin.path("local_only"), score).forEach(local::put);
        if (local.isEmpty()) {
            n.put("note", "no baselines in this run (--no-baselines, or a deployment, which trains the federated model only)");
        } else {
            n.put("local_only_mean", local.properties().stream().mapToDouble(e -> e.getValue().asDouble()).average().orElseThrow());
        }
        n.put("evaluated_on", "the same global test set as the federated model");
        return n;
    }

    /** min, max, mean, sd (population) of the per-site scores, and the sites where the min and max occur. */
    static ObjectNode spread(ObjectNode perSite) {
        String worst = null;
        String best = null;
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = perSite.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double v = e.getValue().asDouble();
            if (worst == null || v < perSite.get(worst).asDouble()) {
                worst = e.getKey();
            }
            if (best == null || v > perSite.get(best).asDouble()) {
                best = e.getKey();
            }
            sum += v;
            sumSq += v * v;
            count++;
        }
        double mean = sum / count;
        ObjectNode n = ModelCard.MAPPER.createObjectNode();
        n.put("min", perSite.get(worst).asDouble());
        n.put("max", perSite.get(best).asDouble());
        n.put("mean", mean);
        n.put("sd", Math.sqrt(Math.max(0, sumSq / count - mean * mean)));
        n.put("worst_site", worst);
        n.put("best_site", best);
        n.put("sites", count);
        return n;
    }

    /** Each site's {@code score} where report.json gives a number (an undefined value is null there and left out). */
    private static Map<String, Double> scores(JsonNode bySite, String score) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = bySite.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue().path(score);
            if (v.isNumber()) {
                out.put(e.getKey(), v.asDouble());
            }
        }
        return out;
    }

    /** The 95% Wilson score interval for a proportion {@code p} observed on {@code n} trials. */
    static double[] wilson(double p, long n) {
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
