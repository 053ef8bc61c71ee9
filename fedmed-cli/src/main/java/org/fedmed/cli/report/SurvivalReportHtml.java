package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.SurvivalSummary;
import org.fedmed.data.SiteData;
import org.fedmed.sim.RiskGroups;
import org.fedmed.sim.SimulationResult;

/**
 * report.html for a survival study: the C-index (with the events and censored patients behind it)
 * wherever a classifier's page shows accuracy, and Kaplan–Meier curves of the federated model's
 * high- and low-risk test patients with the log-rank test. Same house style as {@link ReportHtml}.
 */
final class SurvivalReportHtml {

    private SurvivalReportHtml() {
    }

    static String render(SimulationResult r) {
        StringBuilder h = new StringBuilder(32_000);
        String title = "FedMed report: " + r.spec().dataset() + ", " + r.strategyName();
        ReportHtml.head(h, title);
        int steps = r.spec().training().localSteps();
        h.append("<h1>").append(Html.escape(title)).append("</h1>");
        h.append("<p>Survival study (Cox model, Harrell's C-index). ").append(r.data().sites().size())
                .append(" sites, partition <code>").append(Html.escape(r.spec().partition())).append("</code>, model <code>")
                .append(Html.escape(r.model().toString())).append("</code>, ").append(r.spec().rounds()).append(" rounds of ")
                .append(steps > 0 ? steps + " local steps" : r.spec().training().localEpochs() + " local epoch(s)")
                .append(", seed ").append(r.spec().seed()).append(". Total time ")
                .append(String.format(Locale.ROOT, "%.1f s", r.seconds())).append(".</p>");
        h.append(Html.aggregation(r.aggregation(), r.federation().rounds()));
        h.append(ReportHtml.attack(r));

        h.append("<h2>Final models on the global test set (").append(r.federated().samples()).append(" patients)</h2>");
        List<String> names = new ArrayList<>();
        List<EvaluationResult> evals = new ArrayList<>();
        names.add("federated (" + r.strategyName() + ")");
        evals.add(r.federated());
        if (r.hasBaselines()) {
            names.add("centralized (pooled)");
            evals.add(r.centralized());
            r.localOnly().forEach((site, e) -> {
                names.add("local-only " + site);
                evals.add(e);
            });
        }
        table(h, "model", names, evals);

        RiskGroups g = r.riskGroups();
        h.append("<div class='charts'>");
        if (g != null) {
            h.append(SvgCharts.kaplanMeier("Kaplan–Meier by federated risk group", "days", List.of(
                    new SvgCharts.Curve(String.format(Locale.ROOT, "high risk (%d)", g.high().samples()), g.high()),
                    new SvgCharts.Curve(String.format(Locale.ROOT, "low risk (%d)", g.low().samples()), g.low()))));
        }
        h.append(SvgCharts.lines("C-index per round", "C-index", cIndexSeries(r)));
        h.append(SvgCharts.lines("Loss per round", "loss", List.of(
                new SvgCharts.Series("train (sites)", r.federation().rounds().stream().mapToDouble(RoundResult::trainLoss).toArray()),
                new SvgCharts.Series("global test", r.federation().rounds().stream()
                        .mapToDouble(x -> x.globalEvaluation() == null ? Double.NaN : x.globalEvaluation().loss()).toArray()))));
        List<SvgCharts.Series> bars = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            bars.add(new SvgCharts.Series(names.get(i), new double[] {evals.get(i).survival().cIndex()}));
        }
        h.append(SvgCharts.bars("C-index: federated vs centralized vs local-only", "C-index", List.of("c_index"), bars));
        h.append("</div>");
        if (g != null) {
            h.append(String.format(Locale.ROOT, "<p><b>Risk groups.</b> %s. Cut at risk score %.4f: high risk %d patients (%d events),"
                            + " low risk %d (%d events). Log-rank test: &chi;&sup2; = %.3f (1 df), p = %.3g.</p>",
                    Html.escape(SurvivalReport.RULE), g.threshold(), g.high().samples(), g.logRank().observed1(), g.low().samples(),
                    g.logRank().observed0(), g.logRank().chiSquare(), g.logRank().pValue()));
        }
        if (r.privacy() != null) {
            ReportHtml.privacy(h, r.privacy());
        }

        h.append("<h2>Federated model on each site's own test set</h2>");
        table(h, "site", List.copyOf(r.perSite().keySet()), List.copyOf(r.perSite().values()));
        h.append(String.format(Locale.ROOT, "<p>Mean of the sites' C-indices (FLamby's client_mean): %.4f.</p>",
                SurvivalReport.siteMeanCIndex(r.perSite())));
        if (!r.personal().isEmpty()) {
            h.append("<h2>Personal models: the final model fine-tuned ").append(r.spec().finetuneEpochs())
                    .append(" epoch(s) at each site, on the site's own test set</h2>");
            table(h, "site", List.copyOf(r.personal().keySet()), List.copyOf(r.personal().values()));
        }

        if (r.contribution() != null) {
            h.append(ContributionReport.html(r.contribution()));
        }
        h.append("<h2>Sites</h2><table><tr><th>site</th><th>train</th><th>test</th><th>train outcomes</th><th>test outcomes</th></tr>");
        for (SiteData s : r.data().sites()) {
            h.append("<tr><td>").append(Html.escape(s.siteId())).append("</td><td>").append(s.train().size()).append("</td><td>")
                    .append(s.test().size()).append("</td><td>").append(Html.escape(ReportHtml.labelCounts(s.train())))
                    .append("</td><td>").append(Html.escape(ReportHtml.labelCounts(s.test()))).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Rounds</h2><table><tr><th>round</th><th>train loss</th><th>test loss</th><th>C-index</th>")
                .append("<th>sites</th><th>seconds</th><th>bytes to sites</th><th>bytes from sites</th></tr>");
        for (RoundResult rr : r.federation().rounds()) {
            EvaluationResult e = rr.globalEvaluation();
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td>"
                            + "<td>%.2f</td><td>%d</td><td>%d</td></tr>", rr.round(), rr.trainLoss(), e == null ? Double.NaN : e.loss(),
                    e == null ? Double.NaN : e.survival().cIndex(), rr.participants().size(), rr.seconds(), rr.bytesToSites(),
                    rr.bytesFromSites()));
        }
        h.append("</table>");
        h.append("<h2>Preprocessing</h2><p>").append(Html.escape(r.data().preprocessing())).append("</p>");
        h.append("<h2>Configuration</h2><pre>").append(Html.escape(ReportJson.write((ObjectNode) ReportJson.tree(r).get("config"))))
                .append("</pre>");
        return h.append("</body></html>").toString();
    }

    private static void table(StringBuilder h, String first, List<String> names, List<EvaluationResult> evals) {
        h.append("<table><tr><th>").append(first).append("</th><th>C-index</th><th>events</th><th>censored</th><th>loss</th>")
                .append("<th>n</th></tr>");
        for (int i = 0; i < names.size(); i++) {
            SurvivalSummary s = evals.get(i).survival();
            h.append("<tr><td>").append(Html.escape(names.get(i))).append("</td>").append(String.format(Locale.ROOT,
                    "<td>%.4f</td><td>%d</td><td>%d</td><td>%.4f</td><td>%d</td></tr>", s.cIndex(), s.events(), s.censored(),
                    evals.get(i).loss(), s.samples()));
        }
        h.append("</table>");
    }

    private static List<SvgCharts.Series> cIndexSeries(SimulationResult r) {
        return ReportHtml.scoreSeries(r, e -> e.survival().cIndex());
    }
}
