package org.fedmed.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.fedmed.cli.report.ContributionReport;
import org.fedmed.cli.report.PersonalizationReport;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.sim.SimulationResult;

/** The closing table: every model on the same global test set, then the federated model per site. */
final class ResultsTable {

    private ResultsTable() {
    }

    /** A table's columns: its header after the first column's name, and one model's row. */
    interface Columns {
        void header(PrintStream out, String first);

        void row(PrintStream out, String name, EvaluationResult e);
    }

    private static final Columns CLASSIFICATION = new Columns() {
        @Override
        public void header(PrintStream out, String first) {
            ResultsTable.header(out, first);
        }

        @Override
        public void row(PrintStream out, String name, EvaluationResult e) {
            ResultsTable.row(out, name, e);
        }
    };

    static void print(PrintStream out, SimulationResult r) {
        boolean survival = r.isSurvival();
        Columns c = survival ? SurvivalTable.COLUMNS : CLASSIFICATION;
        out.println();
        out.printf("Results on the global test set (%d %s), %s, %s, %d rounds, seed %d%n", r.federated().samples(),
                survival ? "patients" : "examples", r.spec().dataset(), r.strategyName(), r.spec().rounds(), r.spec().seed());
        c.header(out, "model");
        c.row(out, "federated (" + r.strategyName() + ")", r.federated());
        if (r.hasBaselines()) {
            c.row(out, "centralized (pooled)", r.centralized());
            for (Map.Entry<String, EvaluationResult> e : r.localOnly().entrySet()) {
                c.row(out, "local-only " + e.getKey(), e.getValue());
            }
        }
        out.println();
        out.println("Federated model on each site's own test set");
        if (r.federation().rounds().stream().anyMatch(RoundResult::siteDetailsWithheld)) {
            out.println("(" + ReportJson.WITHHELD_NOTE + ")");
        } else {
            c.header(out, "site");
            for (Map.Entry<String, EvaluationResult> e : r.perSite().entrySet()) {
                c.row(out, e.getKey(), e.getValue());
            }
            if (survival) {
                SurvivalTable.siteMean(out, r);
            }
        }
        if (!r.personal().isEmpty()) {
            out.println();
            if (survival) {
                SurvivalTable.personal(out, r);
            } else {
                personal(out, r);
            }
        }
        if (survival) {
            SurvivalTable.riskGroups(out, r);
        }
        if (r.contribution() != null) {
            ContributionReport.console(out, r.contribution());
        }
        out.printf("%ntotal time %.1f s%n", r.seconds());
    }

    private static void personal(PrintStream out, SimulationResult r) {
        out.printf("Personal models (%s), accuracy on each site's own test set%n", PersonalizationReport.describe(r.spec()));
        out.printf("%-28s %8s %9s %11s %6s%n", "site", "global", "personal", "local-only", "n");
        for (Map.Entry<String, EvaluationResult> e : r.personal().entrySet()) {
            EvaluationResult local = r.localOnlyOwnTest().get(e.getKey());
            out.printf("%-28s %8.4f %9.4f %11s %6d%n", e.getKey(), r.perSite().get(e.getKey()).metrics().accuracy(),
                    e.getValue().metrics().accuracy(), local == null ? "-" : String.format(Locale.ROOT, "%.4f", local.metrics().accuracy()),
                    e.getValue().samples());
        }
    }

    private static void header(PrintStream out, String first) {
        out.printf("%-28s %8s %9s %8s %8s %8s %8s %6s%n", first, "accuracy", "precision", "recall", "f1", "roc_auc", "kappa", "n");
    }

    private static void row(PrintStream out, String name, EvaluationResult e) {
        ClassificationMetrics m = e.metrics();
        out.printf("%-28s %8.4f %9.4f %8.4f %8.4f %8.4f %8.4f %6d%n", name, m.accuracy(), m.precision(), m.recall(), m.f1(),
                m.rocAuc(), m.kappa(), m.samples());
    }
}
