package org.fedmed.net.coordinator;

import java.util.Locale;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.units.ByteSize;

/** The coordinator's progress line for a finished round: sites that answered, loss, accuracy, bytes, failures. */
final class RoundLine {

    private RoundLine() {
    }

    static String of(RoundResult r, int sites, int rounds) {
        String acc = r.globalEvaluation() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.globalEvaluation().metrics().accuracy());
        String auc = r.globalEvaluation() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.globalEvaluation().metrics().rocAuc());
        EvaluationResult pooled = r.globalEvaluation() == null ? PooledEvaluation.of(r.siteEvaluations()) : null;
        if (pooled != null) {
            // no global test set: the accuracy over the sites' own test splits, and their mean AUC
            acc = String.format(Locale.ROOT, "%.4f (sites' test sets, %d examples)", pooled.metrics().accuracy(), pooled.samples());
            auc = String.format(Locale.ROOT, "%.4f (sites' mean)", PooledEvaluation.meanSiteRocAuc(r.siteEvaluations()));
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "round %d/%d: %d/%d sites answered, train loss %.4f, accuracy %s, ROC AUC %s, %s to sites, %s from sites, %.2f s",
                r.round(), rounds, r.participants().size(), sites, r.trainLoss(), acc, auc, ByteSize.human(r.bytesToSites()),
                ByteSize.human(r.bytesFromSites()), r.seconds()));
        if (!r.aggregated()) {
            b.append(" (not aggregated: global model kept)");
        }
        r.failures().forEach((k, v) -> b.append("\n  ").append(k).append(": ").append(v));
        return b.toString();
    }
}
