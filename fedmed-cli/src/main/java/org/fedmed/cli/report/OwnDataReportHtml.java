package org.fedmed.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.prep.PreprocessingFit;

/** report.html of an own-data deployment (see {@link OwnDataReport}): one self-contained page, no scripts. */
public final class OwnDataReportHtml {

    private OwnDataReportHtml() {
    }

    public static String render(CoordinatorConfig cfg, Coordinator.Outcome o) {
        return render(cfg, o, null);
    }

    /** The report, with the sample-level privacy the sites reported (null: no DP). */
    public static String render(CoordinatorConfig cfg, Coordinator.Outcome o, PrivacyReport privacy) {
        return render(cfg, o, privacy, null, null);
    }

    /**
     * The report, with the sites' privacy (null: no DP), the final model's explanations (null: none) and the
     * sites' contribution values (null: none).
     */
    public static String render(CoordinatorConfig cfg, Coordinator.Outcome o, PrivacyReport privacy, Explanations explanations,
                                ContributionValues contribution) {
        PreprocessingFit fit = o.preprocessing();
        TabularPreprocessor p = fit.preprocessing();
        List<String> classes = cfg.ownData().schema().table().classes();
        List<RoundResult> rounds = o.federation().rounds();
        Map<String, EvaluationResult> perSite = OwnDataReport.perSite(o);
        EvaluationResult pooled = rounds.isEmpty() ? null : PooledEvaluation.of(o.federation().lastRound().siteEvaluations());

        StringBuilder h = new StringBuilder(24_000);
        String title = "FedMed report: " + cfg.federation() + " (own data), " + o.strategy();
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>").append(Html.escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1200px;margin:24px auto;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}")
                .append("</style></head><body><h1>").append(Html.escape(title)).append("</h1>");
        h.append("<p>").append(fit.sites().size()).append(" sites, each training on its own records; model <code>")
                .append(Html.escape(o.model().toString())).append("</code>, ").append(rounds.size()).append(" rounds, seed ")
                .append(cfg.study().seed()).append(String.format(Locale.ROOT, ". Total time %.1f s.</p>", o.seconds()));
        h.append(Html.aggregation(o.aggregation(), rounds));
        h.append("<p><b>Evaluation.</b> ").append(Html.escape(OwnDataReport.EVALUATION)).append("</p>");

        h.append("<h2>Final federated model</h2>");
        List<String> names = new ArrayList<>();
        List<EvaluationResult> evals = new ArrayList<>();
        if (pooled != null) {
            names.add("all sites' test sets (pooled)");
            evals.add(pooled);
        }
        perSite.forEach((site, e) -> {
            names.add(site);
            evals.add(e);
        });
        ReportHtml.metricsTable(h, "test set", names, evals);
        if (pooled != null) {
            h.append("<h3>Confusion matrix, pooled (rows: actual, columns: predicted)</h3>");
            ReportHtml.confusion(h, pooled.metrics(), classes);
        }

        h.append("<div class='charts'>");
        List<SvgCharts.Series> accuracy = new ArrayList<>();
        accuracy.add(new SvgCharts.Series("pooled", rounds.stream().mapToDouble(r -> pooledAccuracy(r)).toArray()));
        for (String site : fit.sites()) {
            accuracy.add(new SvgCharts.Series(site, rounds.stream().mapToDouble(r -> r.siteEvaluations().stream()
                    .filter(e -> e.siteId().equals(site)).mapToDouble(e -> e.result().metrics().accuracy())
                    .findFirst().orElse(Double.NaN)).toArray()));
        }
        h.append(SvgCharts.lines("Accuracy per round (sites' test sets)", "accuracy", accuracy));
        h.append(SvgCharts.lines("Loss per round", "loss", List.of(
                new SvgCharts.Series("train (sites)", rounds.stream().mapToDouble(RoundResult::trainLoss).toArray()),
                new SvgCharts.Series("test (pooled)", rounds.stream().mapToDouble(r -> {
                    EvaluationResult e = PooledEvaluation.of(r.siteEvaluations());
                    return e == null ? Double.NaN : e.loss();
                }).toArray()))));
        h.append("</div>");

        if (privacy != null) {
            ReportHtml.privacy(h, privacy);
        }
        h.append("<h2>Sites</h2><table><tr><th>site</th><th>training records</th><th>test records</th></tr>");
        for (String site : fit.sites()) {
            EvaluationResult e = perSite.get(site);
            h.append("<tr><td>").append(Html.escape(site)).append("</td><td>").append(fit.siteRows().get(site)).append("</td><td>")
                    .append(e == null ? "-" : String.valueOf(e.samples())).append("</td></tr>");
        }
        h.append("</table>");
        if (!fit.excluded().isEmpty()) {
            h.append("<p>Not part of the study:</p><ul>");
            fit.excluded().forEach((site, why) -> h.append("<li>").append(Html.escape(site)).append(": ").append(Html.escape(why))
                    .append("</li>"));
            h.append("</ul>");
        }

        h.append("<h2>Rounds</h2><table><tr><th>round</th><th>train loss</th><th>accuracy (pooled)</th><th>sites</th>")
                .append("<th>seconds</th><th>bytes to sites</th><th>bytes from sites</th></tr>");
        for (RoundResult r : rounds) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%d</td><td>%.2f</td><td>%d</td><td>%d</td></tr>",
                    r.round(), r.trainLoss(), pooledAccuracy(r), r.participants().size(), r.seconds(), r.bytesToSites(),
                    r.bytesFromSites()));
        }
        h.append("</table>");
        if (contribution != null) {
            h.append(ContributionReport.html(contribution));
        }
        h.append(ExplanationSection.html(explanations));
        h.append("<h2>Federated preprocessing</h2><p>").append(Html.escape(p.describe())).append("</p>");
        h.append("<h2>Configuration</h2><pre>").append(Html.escape(ReportJson.write(OwnDataReport.config(cfg, fit)))).append("</pre>");
        return h.append("</body></html>").toString();
    }

    private static double pooledAccuracy(RoundResult r) {
        EvaluationResult e = PooledEvaluation.of(r.siteEvaluations());
        return e == null ? Double.NaN : e.metrics().accuracy();
    }
}
