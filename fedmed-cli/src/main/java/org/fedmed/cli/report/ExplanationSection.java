package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.study.explain.ExplanationDp;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.Saliency;
import org.fedmed.study.explain.TabularExplanation;

/** The explanations of the final model in report.json and report.html (study key {@code explain}). */
final class ExplanationSection {

    /** What the report says when the sites' means left them without DP. */
    static final String CLEAR = "released in clear: the study has no DP, so each site's mean |SHAP| and permutation importances"
            + " left it exactly as computed";
    /** Features shown in the bar plot, largest first. */
    private static final int SHOWN = 15;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExplanationSection() {
    }

    /** Adds the {@code explanations} section to report.json's root, when the study explained its model ({@code e} not null). */
    static void addTo(ObjectNode root, Explanations e) {
        if (e != null) {
            root.set("explanations", json(e));
        }
    }

    static ObjectNode json(Explanations e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("method", e.method());
        if (e.tabular() != null) {
            tabular(n, e.tabular());
        }
        if (!e.images().isEmpty()) {
            n.put("baseline", "black (all zeros)");
            ArrayNode images = n.putArray("images");
            for (Saliency s : e.images()) {
                ObjectNode i = images.addObject();
                i.put("test_index", s.index());
                i.put("label", s.label());
                i.put("explained_class", s.explainedClass());
                ReportJson.number(i, "probability", s.probability());
                ReportJson.number(i, "baseline_output", s.baselineOutput());
                ReportJson.number(i, "sum_of_attributions", Arrays.stream(s.attributions()).sum());
                ReportJson.number(i, "completeness_gap", s.completenessGap());
            }
        }
        return n;
    }

    private static void tabular(ObjectNode n, TabularExplanation t) {
        FederatedExplanation f = t.aggregate();
        n.put("explained_class", t.explainedClass());
        n.put("background", t.background());
        n.put("coalitions_per_row", t.coalitions());
        n.put("permutation_metric", "increase in Brier score");
        ArrayNode features = n.putArray("features");
        for (int j = 0; j < t.features().size(); j++) {
            ObjectNode x = features.addObject();
            x.put("name", t.features().get(j));
            if (f != null) {
                ReportJson.number(x, "mean_abs_shap", f.meanAbsShap()[j]);
                if (f.permutationImportance() != null) {
                    ReportJson.number(x, "permutation_importance", f.permutationImportance()[j]);
                } else {
                    x.putNull("permutation_importance");
                }
            }
            if (t.pooledPermutationImportance() != null) {
                ReportJson.number(x, "pooled_permutation_importance", t.pooledPermutationImportance()[j]);
            }
        }
        ArrayNode sites = n.putArray("sites");
        for (SiteExplanation s : t.sites()) {
            ObjectNode x = sites.addObject();
            x.put("site", s.site());
            x.put("rows", s.rows());
            ReportJson.number(x, "seconds", s.seconds());
        }
        n.put("sites_explained", t.sites().size());
        n.put("rows", f == null ? 0 : f.rows());
        n.set("refused", MAPPER.valueToTree(t.refusals()));
        if (f != null) {
            n.set("top_features", MAPPER.valueToTree(names(t, FederatedExplanation.top(f.meanAbsShap(), TabularExplanation.TOP))));
        }
        if (t.sharedTopFeatures() >= 0) {
            ObjectNode a = n.putObject("agreement");
            a.put("top", TabularExplanation.TOP);
            a.put("shared", t.sharedTopFeatures());
            a.put("reference", "the centralized (pooled) model's permutation importance on the pooled training data");
        }
        if (t.dp() == null) {
            n.put("release", CLEAR);
        } else {
            ExplanationDp d = t.dp();
            ObjectNode dp = n.putObject("dp");
            dp.put("level", d.level());
            dp.put("clip", d.clip());
            dp.put("noise_multiplier", d.noiseMultiplier());
            dp.put("delta", d.delta());
            dp.put("seeded_noise", d.seeded());
            dp.set("epsilon_explanation", MAPPER.valueToTree(d.epsilonExplanation()));
            dp.set("epsilon_total", MAPPER.valueToTree(d.epsilonTotal()));
            dp.put("permutation_importance", "withheld: a shuffled column mixes several rows' values");
        }
    }

    /** The report.html section, empty when the study did not explain its model ({@code e} null). */
    static String html(Explanations e) {
        StringBuilder h = new StringBuilder();
        if (e == null) {
            return "";
        }
        if (e.tabular() != null) {
            tabularHtml(h, e.tabular());
        }
        if (!e.images().isEmpty()) {
            h.append("<h2>Explanations: integrated gradients (Sundararajan et al. 2017) on test images</h2><p>Black baseline;")
                    .append(" red pixels raise the explained class's probability, blue ones lower it.</p><table><tr><th>image</th>")
                    .append("<th>saliency</th><th>label</th><th>explained class</th><th>p</th><th>sum of attributions</th>")
                    .append("<th>f(x) − f(black)</th></tr>");
            for (Saliency s : e.images()) {
                h.append("<tr><td>").append(SaliencySvg.image(s)).append("</td><td>").append(SaliencySvg.heatmap(s)).append("</td><td>")
                        .append(Html.escape(s.label())).append("</td><td>").append(Html.escape(s.explainedClass()))
                        .append(String.format(Locale.ROOT, "</td><td>%.3f</td><td>%.4f</td><td>%.4f</td></tr>", s.probability(),
                                Arrays.stream(s.attributions()).sum(), s.probability() - s.baselineOutput()));
            }
            h.append("</table>");
        }
        return h.toString();
    }

    private static void tabularHtml(StringBuilder h, TabularExplanation t) {
        FederatedExplanation f = t.aggregate();
        h.append("<h2>Explanations: Kernel SHAP (Lundberg &amp; Lee 2017) by site</h2><p>Each site explained the final model's")
                .append(" probability of ").append(Html.escape(t.explainedClass())).append(" on its own rows; the coordinator averaged")
                .append(" the sites' mean |SHAP| weighted by rows. Background: ").append(Html.escape(t.background())).append(". ");
        h.append(t.dp() == null ? "R" + Html.escape(CLEAR.substring(1)) : Html.escape(dpLine(t.dp()))).append(".</p>");
        for (String refusal : t.refusals()) {
            h.append("<p>").append(Html.escape(refusal)).append("</p>");
        }
        if (f == null) {
            return;
        }
        int[] top = FederatedExplanation.top(f.meanAbsShap(), Math.min(SHOWN, t.features().size()));
        h.append(HorizontalBars.svg("mean |SHAP| (" + f.sites() + " sites, " + f.rows() + " rows)", names(t, top), values(f.meanAbsShap(), top)));
        if (f.permutationImportance() != null) {
            h.append(HorizontalBars.svg("permutation importance (increase in Brier score), sites' mean", names(t, top),
                    values(f.permutationImportance(), top)));
        }
        if (t.pooledPermutationImportance() != null) {
            h.append(HorizontalBars.svg("pooled model: permutation importance", names(t, top), values(t.pooledPermutationImportance(), top)));
            h.append("<p>").append(t.sharedTopFeatures()).append(" of the top ").append(TabularExplanation.TOP)
                    .append(" features by federated mean |SHAP| are in the pooled model's top ").append(TabularExplanation.TOP)
                    .append(" by permutation importance.</p>");
        }
        h.append("<table><tr><th>site</th><th>rows</th><th>seconds</th></tr>");
        for (SiteExplanation s : t.sites()) {
            h.append("<tr><td>").append(Html.escape(s.site())).append("</td><td>").append(s.rows())
                    .append(String.format(Locale.ROOT, "</td><td>%.2f</td></tr>", s.seconds()));
        }
        h.append("</table>");
    }

    private static String dpLine(ExplanationDp d) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Released under %s-level DP: each row's |SHAP| vector"
                + " clipped to L2 norm %s, Gaussian noise multiplier %s, delta %.1e%s; epsilon of the explanation / total by site:",
                d.level(), d.clip(), d.noiseMultiplier(), d.delta(), d.seeded() ? " [SEEDED NOISE: not private]" : ""));
        d.epsilonExplanation().forEach((site, eps) -> b.append(String.format(Locale.ROOT, " %s %.3g / %.3g;", site, eps,
                d.epsilonTotal().get(site))));
        return b.append(" permutation importance withheld").toString();
    }

    private static List<String> names(TabularExplanation t, int[] idx) {
        return Arrays.stream(idx).mapToObj(t.features()::get).toList();
    }

    private static double[] values(double[] all, int[] idx) {
        return Arrays.stream(idx).mapToDouble(j -> all[j]).toArray();
    }
}
