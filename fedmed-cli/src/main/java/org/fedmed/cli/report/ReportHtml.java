package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.data.SiteData;
import org.fedmed.sim.OperatingPoint;
import org.fedmed.sim.SimulationResult;

/** report.html: one self-contained page (inline CSS and SVG, no scripts, no network). */
public final class ReportHtml {

    private ReportHtml() {
    }

    public static String render(SimulationResult r) {
        if (r.isSurvival()) {
            return SurvivalReportHtml.render(r);
        }
        StringBuilder h = new StringBuilder(32_000);
        String title = "FedMed report: " + r.spec().dataset() + ", " + r.strategyName();
        head(h, title);
        h.append("<h1>").append(Html.escape(title)).append("</h1>");
        h.append("<p>").append(r.data().sites().size()).append(" sites, partition <code>").append(Html.escape(r.spec().partition()))
                .append("</code>, model <code>").append(Html.escape(r.model().toString())).append("</code>, ")
                .append(r.spec().rounds()).append(" rounds of ").append(r.spec().training().localEpochs())
                .append(" local epoch(s), seed ").append(r.spec().seed()).append(". Total time ")
                .append(String.format(Locale.ROOT, "%.1f s", r.seconds())).append(".</p>");
        h.append(Html.aggregation(r.aggregation(), r.federation().rounds()));
        h.append(attack(r));

        h.append("<h2>Final models on the global test set (").append(r.federated().samples()).append(" examples)</h2>");
        List<String> names = new ArrayList<>();
        List<EvaluationResult> evals = new ArrayList<>();
        OperatingPoint op = r.operatingPoint();
        names.add("federated (" + r.strategyName() + ")" + (op == null ? "" : ", threshold 0.5"));
        evals.add(r.federated());
        if (op != null) {
            // the loss does not depend on where the scores are cut
            names.add(String.format(Locale.ROOT, "federated (%s), threshold %.2f", r.strategyName(), op.threshold().threshold()));
            evals.add(new EvaluationResult(r.federated().loss(), op.test()));
        }
        if (r.hasBaselines()) {
            names.add("centralized (pooled)");
            evals.add(r.centralized());
            r.localOnly().forEach((site, e) -> {
                names.add("local-only " + site);
                evals.add(e);
            });
        }
        metricsTable(h, "model", names, evals);
        if (op != null) {
            h.append(operatingPoint(op, r.data().globalTest().classNames().get(1)));
        }

        h.append("<div class='charts'>");
        h.append(SvgCharts.lines("Accuracy per round", "accuracy", accuracySeries(r)));
        h.append(SvgCharts.lines("Loss per round", "loss", List.of(
                new SvgCharts.Series("train (sites)", r.federation().rounds().stream().mapToDouble(RoundResult::trainLoss).toArray()),
                new SvgCharts.Series("global test", r.federation().rounds().stream()
                        .mapToDouble(x -> x.globalEvaluation() == null ? Double.NaN : x.globalEvaluation().loss()).toArray()))));
        if (r.roc() != null) {
            h.append(SvgCharts.roc(String.format(Locale.ROOT, "ROC, %s (AUC %.3f)", r.data().globalTest().classNames().get(1),
                    r.roc().auc()), r.roc().fpr(), r.roc().tpr(), op == null ? null
                    : new SvgCharts.Point(String.format(Locale.ROOT, "threshold %.2f", op.threshold().threshold()),
                            1 - op.test().specificity(), op.test().sensitivity())));
        }
        h.append(SvgCharts.bars("Federated vs centralized vs local-only", "global test",
                List.of("accuracy", "roc_auc", "f1"), comparisonSeries(names, evals)));
        h.append(SvgCharts.bars("Per-site accuracy (own test set)", "accuracy", List.copyOf(r.perSite().keySet()), perSiteSeries(r)));
        h.append("</div>");

        if (r.privacy() != null) {
            privacy(h, r.privacy());
        }
        h.append(ExplanationSection.html(r.explanations()));
        h.append("<h2>Confusion matrix of the federated model (rows: actual, columns: predicted)</h2>");
        confusion(h, r.federated().metrics(), r.data().globalTest().classNames());

        h.append("<h2>Federated model on each site's own test set</h2>");
        metricsTable(h, "site", List.copyOf(r.perSite().keySet()), List.copyOf(r.perSite().values()));
        if (!r.personal().isEmpty()) {
            h.append("<h2>Personal models: ").append(Html.escape(PersonalizationReport.describe(r.spec())))
                    .append(", on each site's own test set</h2>");
            metricsTable(h, "site", List.copyOf(r.personal().keySet()), List.copyOf(r.personal().values()));
        }

        if (r.contribution() != null) {
            h.append(ContributionReport.html(r.contribution()));
        }
        h.append("<h2>Sites</h2><table><tr><th>site</th><th>train</th><th>test</th><th>train labels</th><th>complete records</th></tr>");
        for (SiteData s : r.data().sites()) {
            h.append("<tr><td>").append(Html.escape(s.siteId())).append("</td><td>").append(s.train().size()).append("</td><td>")
                    .append(s.test().size()).append("</td><td>").append(Html.escape(labelCounts(s.train())))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f%%", 100 * s.completeness())).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Rounds</h2><table><tr><th>round</th><th>train loss</th><th>test loss</th><th>accuracy</th><th>ROC AUC</th>")
                .append("<th>sites</th><th>seconds</th><th>bytes to sites</th><th>bytes from sites</th></tr>");
        for (RoundResult rr : r.federation().rounds()) {
            EvaluationResult g = rr.globalEvaluation();
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td>"
                            + "<td>%.2f</td><td>%d</td><td>%d</td></tr>", rr.round(), rr.trainLoss(), g == null ? Double.NaN : g.loss(),
                    g == null ? Double.NaN : g.metrics().accuracy(), g == null ? Double.NaN : g.metrics().rocAuc(),
                    rr.participants().size(), rr.seconds(), rr.bytesToSites(), rr.bytesFromSites()));
        }
        h.append("</table>");
        h.append("<h2>Preprocessing</h2><p>").append(Html.escape(r.data().preprocessing())).append("</p>");
        h.append("<h2>Configuration</h2><pre>").append(Html.escape(ReportJson.write((ObjectNode) ReportJson.tree(r).get("config"))))
                .append("</pre>");
        return h.append("</body></html>").toString();
    }

    /** The page's head and style, up to the opening body tag. */
    static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>").append(Html.escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1200px;margin:24px auto;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}")
                .append("code{background:#f3f3f3;padding:1px 4px}</style></head><body>");
    }

    /** How the operating threshold was chosen, on what, and whether it met its target. */
    static String operatingPoint(OperatingPoint op, String positiveClass) {
        OperatingThreshold t = op.threshold();
        return String.format(Locale.ROOT, "<p><b>Operating threshold %.2f</b>: the largest that reaches %s sensitivity &ge; %.2f on"
                        + " %d validation cases held out from the training data of %d sites (%d %s): validation sensitivity %.4f,"
                        + " specificity %.4f. %s</p>", t.threshold(), Html.escape(positiveClass), t.targetSensitivity(),
                t.validationPositives() + t.validationNegatives(), op.sites(), t.validationPositives(), Html.escape(positiveClass),
                t.validationSensitivity(), t.validationSpecificity(), t.targetMet() ? "Target met on validation data."
                        : "<b>Target not met</b>: no candidate threshold reaches it; this is the lowest candidate.");
    }

    /** The privacy section: mechanism, final ε, ε per round (per site at sample level) and the sites' accounting. */
    static void privacy(StringBuilder h, PrivacyReport p) {
        boolean sample = PrivacyReport.SAMPLE.equals(p.level());
        h.append("<h2>").append(sample ? "Sample-level" : "Client-level").append(" privacy</h2><p>")
                .append(Html.escape(p.mechanism()))
                .append(String.format(Locale.ROOT, ". After %d rounds: %s&epsilon; = %.4f at &delta; = %.1e (%s conversion).</p>",
                        p.rounds().size(), sample ? "study (largest site) " : "", p.finalEpsilon(), p.delta(),
                        p.conversion().name().toLowerCase(Locale.ROOT)));
        List<SvgCharts.Series> series = new ArrayList<>();
        if (sample) {
            for (String site : p.sites().keySet()) {
                series.add(new SvgCharts.Series(site, p.rounds().stream()
                        .mapToDouble(x -> x.siteEpsilon().getOrDefault(site, 0.0)).toArray()));
            }
        } else {
            series.add(new SvgCharts.Series("epsilon", p.rounds().stream().mapToDouble(PrivacyReport.Round::epsilon).toArray()));
        }
        h.append(SvgCharts.lines("Privacy spent", "epsilon", series));
        if (sample) {
            h.append("<table><tr><th>site</th><th>training examples</th><th>sampling rate</th><th>steps per round</th>"
                    + "<th>noise multiplier</th><th>rounds trained</th><th>&epsilon;</th><th>budget reached</th></tr>");
            p.sites().forEach((site, s) -> h.append("<tr><td>").append(Html.escape(site)).append("</td><td>")
                    .append(s.trainingExamples()).append("</td><td>").append(String.format(Locale.ROOT, "%.4g", s.samplingRate()))
                    .append("</td><td>").append(s.stepsPerRound()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4g", s.noiseMultiplier())).append("</td><td>").append(s.roundsTrained())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", s.epsilon())).append("</td><td>")
                    .append(s.budgetReached() ? "yes" : "no").append("</td></tr>"));
            h.append("</table>");
        }
    }

    private static List<SvgCharts.Series> accuracySeries(SimulationResult r) {
        return scoreSeries(r, e -> e.metrics().accuracy());
    }

    /** Per round: {@code score} of the global test evaluation, then of each site's own. */
    static List<SvgCharts.Series> scoreSeries(SimulationResult r, ToDoubleFunction<EvaluationResult> score) {
        List<RoundResult> rounds = r.federation().rounds();
        List<SvgCharts.Series> out = new ArrayList<>();
        out.add(new SvgCharts.Series("global test", rounds.stream()
                .mapToDouble(x -> x.globalEvaluation() == null ? Double.NaN : score.applyAsDouble(x.globalEvaluation())).toArray()));
        for (String site : r.perSite().keySet()) {
            out.add(new SvgCharts.Series(site, rounds.stream().mapToDouble(x -> x.siteEvaluations().stream()
                    .filter(e -> e.siteId().equals(site)).mapToDouble(e -> score.applyAsDouble(e.result()))
                    .findFirst().orElse(Double.NaN)).toArray()));
        }
        return out;
    }

    private static List<SvgCharts.Series> comparisonSeries(List<String> names, List<EvaluationResult> evals) {
        List<SvgCharts.Series> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ClassificationMetrics m = evals.get(i).metrics();
            out.add(new SvgCharts.Series(names.get(i), new double[] {m.accuracy(), m.rocAuc(), m.f1()}));
        }
        return out;
    }

    private static List<SvgCharts.Series> perSiteSeries(SimulationResult r) {
        List<SvgCharts.Series> out = new ArrayList<>();
        out.add(new SvgCharts.Series("federated", r.perSite().values().stream().mapToDouble(e -> e.metrics().accuracy()).toArray()));
        if (!r.personal().isEmpty()) {
            out.add(new SvgCharts.Series("personal (" + PersonalizationReport.shortName(r.spec()) + ")", r.perSite().keySet().stream().mapToDouble(site -> {
                EvaluationResult e = r.personal().get(site);
                return e == null ? Double.NaN : e.metrics().accuracy();
            }).toArray()));
        }
        if (r.hasBaselines()) {
            out.add(new SvgCharts.Series("local-only", r.perSite().keySet().stream().mapToDouble(site -> {
                EvaluationResult e = r.localOnlyOwnTest().get(site);
                return e == null ? Double.NaN : e.metrics().accuracy();
            }).toArray()));
        }
        return out;
    }

    static void metricsTable(StringBuilder h, String first, List<String> names, List<EvaluationResult> evals) {
        boolean binary = evals.stream().allMatch(e -> e.metrics().numClasses() == 2);
        h.append("<table><tr><th>").append(first).append("</th><th>accuracy</th><th>precision</th><th>recall</th><th>F1</th>")
                .append("<th>ROC AUC</th><th>Cohen's kappa</th>");
        if (binary) {
            // the disease class is label 1 for every bundled dataset: these are the clinician's figures for it
            h.append("<th>sensitivity</th><th>specificity</th><th>PPV</th><th>NPV</th><th>balanced accuracy</th>");
        }
        h.append("<th>loss</th><th>n</th></tr>");
        for (int i = 0; i < names.size(); i++) {
            ClassificationMetrics m = evals.get(i).metrics();
            h.append("<tr><td>").append(Html.escape(names.get(i))).append("</td>").append(String.format(Locale.ROOT,
                    "<td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>",
                    m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc(), m.kappa()));
            if (binary) {
                h.append(String.format(Locale.ROOT, "<td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>",
                        m.sensitivity(), m.specificity(), m.ppv(), m.npv(), m.balancedAccuracy()));
            }
            h.append(String.format(Locale.ROOT, "<td>%.4f</td><td>%d</td></tr>", evals.get(i).loss(), m.samples()));
        }
        h.append("</table>");
    }

    /** "normal 216, pneumonia 621". */
    static String labelCounts(LabeledSamples samples) {
        long[] counts = samples.labelCounts();
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            parts.add(samples.classNames().get(c) + " " + counts[c]);
        }
        return String.join(", ", parts);
    }

    static void confusion(StringBuilder h, ClassificationMetrics m, List<String> classes) {
        long[][] c = m.confusion();
        long max = 1;
        for (long[] row : c) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        h.append("<table><tr><th>actual \\ predicted</th>");
        for (String name : classes) {
            h.append("<th>").append(Html.escape(name)).append("</th>");
        }
        h.append("</tr>");
        for (int a = 0; a < c.length; a++) {
            h.append("<tr><th>").append(Html.escape(classes.get(a))).append("</th>");
            for (int p = 0; p < c.length; p++) {
                int shade = 255 - (int) (150 * c[a][p] / max);
                h.append("<td style='background:rgb(").append(shade).append(',').append(shade).append(",255)'>").append(c[a][p])
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    /** The attack a simulation ran on itself (which sites, what), and the backdoor's success on the final model. */
    static String attack(SimulationResult r) {
        if (r.attack() == null) {
            return "";
        }
        StringBuilder h = new StringBuilder();
        if (r.attack().attack() != null) {
            h.append("<p><b>Attack.</b> ").append(Html.escape(r.attack().attack().name()))
                    .append(Double.isNaN(r.attack().parameter()) ? "" : "(" + new java.math.BigDecimal(r.attack().parameter(),
                            new java.math.MathContext(4)).stripTrailingZeros().toPlainString() + ")")
                    .append(" by ").append(r.attack().maliciousSites().size()).append(" malicious sites: ")
                    .append(Html.escape(String.join(", ", r.attack().maliciousSites()))).append(".</p>");
        }
        if (Double.isFinite(r.attack().backdoorSuccess())) {
            h.append(String.format(java.util.Locale.ROOT, "<p><b>Backdoor success</b> of the final model: %.4f (triggered test inputs "
                    + "of other classes classified as %s; trigger: %s).</p>", r.attack().backdoorSuccess(),
                    Html.escape(r.data().globalTest().classNames().get(r.attack().target())), Html.escape(r.attack().trigger())));
        }
        return h.toString();
    }
}
