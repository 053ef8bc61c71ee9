package org.fedmed.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.fedmed.cli.report.PersonalizationReport;
import org.fedmed.cli.report.SurvivalReport;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.SurvivalSummary;
import org.fedmed.sim.RiskGroups;
import org.fedmed.sim.SimulationResult;

/**
 * The parts of the closing table ({@link ResultsTable}) for a survival study: Harrell's C-index with the events and censored patients it
 * rests on, for every model on the global test set and the federated model per site (no accuracy: a
 * Cox model's risk score has no class to be right about).
 */
final class SurvivalTable {

    private SurvivalTable() {
    }

    /** C-index with the events and censored patients it rests on, and the test loss. */
    static final ResultsTable.Columns COLUMNS = new ResultsTable.Columns() {
        @Override
        public void header(PrintStream out, String first) {
            SurvivalTable.header(out, first);
        }

        @Override
        public void row(PrintStream out, String name, EvaluationResult e) {
            SurvivalTable.row(out, name, e);
        }
    };

    static void siteMean(PrintStream out, SimulationResult r) {
        out.printf(Locale.ROOT, "%-28s %8.4f  (mean of the sites' C-indices, FLamby's client_mean)%n", "site mean",
                SurvivalReport.siteMeanCIndex(r.perSite()));
    }

    static void personal(PrintStream out, SimulationResult r) {
        out.printf("Personal models (%s), C-index on each site's own test set%n", PersonalizationReport.describe(r.spec()));
        header(out, "site");
        for (Map.Entry<String, EvaluationResult> e : r.personal().entrySet()) {
            row(out, e.getKey(), e.getValue());
        }
    }

    static void riskGroups(PrintStream out, SimulationResult r) {
        RiskGroups g = r.riskGroups();
        if (g != null) {
            out.printf(Locale.ROOT, "%nRisk groups of the federated model (cut at the median training risk %.4f): high risk %d patients"
                            + " (%d events), low risk %d (%d events); log-rank chi2 %.3f, p %.4g%n", g.threshold(), g.high().samples(),
                    g.logRank().observed1(), g.low().samples(), g.logRank().observed0(), g.logRank().chiSquare(), g.logRank().pValue());
        }
    }

    private static void header(PrintStream out, String first) {
        out.printf("%-28s %8s %7s %9s %6s %8s%n", first, "c_index", "events", "censored", "n", "loss");
    }

    private static void row(PrintStream out, String name, EvaluationResult e) {
        SurvivalSummary s = e.survival();
        out.printf(Locale.ROOT, "%-28s %8.4f %7d %9d %6d %8.4f%n", name, s.cIndex(), s.events(), s.censored(), s.samples(), e.loss());
    }
}
