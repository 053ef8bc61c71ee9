package org.fedmed.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.cli.report.SurvivalReport;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.SurvivalSummary;
import org.fedmed.sim.RiskGroups;
import org.fedmed.sim.SimulationResult;

/**
 * The closing table of a survival study: Harrell's C-index with the events and censored patients it
 * rests on, for every model on the global test set and the federated model per site (no accuracy: a
 * Cox model's risk score has no class to be right about).
 */
final class SurvivalTable {

    private SurvivalTable() {
    }

    static void print(PrintStream out, SimulationResult r) {
        out.println();
        out.printf("Results on the global test set (%d patients), %s, %s, %d rounds, seed %d%n",
                r.federated().samples(), r.spec().dataset(), r.strategyName(), r.spec().rounds(), r.spec().seed());
        header(out, "model");
        row(out, "federated (" + r.strategyName() + ")", r.federated());
        if (r.hasBaselines()) {
            row(out, "centralized (pooled)", r.centralized());
            for (Map.Entry<String, EvaluationResult> e : r.localOnly().entrySet()) {
                row(out, "local-only " + e.getKey(), e.getValue());
            }
        }
        out.println();
        out.println("Federated model on each site's own test set");
        if (r.federation().rounds().stream().anyMatch(RoundResult::siteDetailsWithheld)) {
            out.println("(" + ReportJson.WITHHELD_NOTE + ")");
        } else {
            header(out, "site");
            for (Map.Entry<String, EvaluationResult> e : r.perSite().entrySet()) {
                row(out, e.getKey(), e.getValue());
            }
            out.printf(Locale.ROOT, "%-28s %8.4f  (mean of the sites' C-indices, FLamby's client_mean)%n", "site mean",
                    SurvivalReport.siteMeanCIndex(r.perSite()));
        }
        if (!r.personal().isEmpty()) {
            out.println();
            out.printf("Personal models (the final model fine-tuned %d epoch(s) at each site), C-index on each site's own test set%n",
                    r.spec().finetuneEpochs());
            header(out, "site");
            for (Map.Entry<String, EvaluationResult> e : r.personal().entrySet()) {
                row(out, e.getKey(), e.getValue());
            }
        }
        RiskGroups g = r.riskGroups();
        if (g != null) {
            out.printf(Locale.ROOT, "%nRisk groups of the federated model (cut at the median training risk %.4f): high risk %d patients"
                            + " (%d events), low risk %d (%d events); log-rank chi2 %.3f, p %.4g%n", g.threshold(), g.high().samples(),
                    g.logRank().observed1(), g.low().samples(), g.logRank().observed0(), g.logRank().chiSquare(), g.logRank().pValue());
        }
        out.printf("%ntotal time %.1f s%n", r.seconds());
    }

    private static void header(PrintStream out, String first) {
        out.printf("%-28s %8s %7s %9s %6s %8s%n", first, "c_index", "events", "censored", "n", "loss");
    }

    private static void row(PrintStream out, String name, EvaluationResult e) {
        SurvivalSummary s = e.survival();
        out.printf(Locale.ROOT, "%-28s %8.4f %7d %9d %6d %8.4f%n", name, s.cIndex(), s.events(), s.censored(), s.samples(), e.loss());
    }
}
