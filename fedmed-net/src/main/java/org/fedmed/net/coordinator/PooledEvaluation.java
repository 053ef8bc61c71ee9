package org.fedmed.net.coordinator;

import java.util.List;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.round.SiteEvaluation;

/**
 * The global model's performance over the union of the sites' own test sets, from what the sites
 * report (confusion counts and mean losses): the evaluation of an own-data study, whose coordinator
 * holds no test set. Accuracy, precision, recall, F1 and kappa follow exactly from the summed
 * confusion matrices; ROC AUC does not (it needs the scores), so it is left undefined here and the
 * sites' own AUCs are reported beside it.
 */
public final class PooledEvaluation {

    private PooledEvaluation() {
    }

    /** The pooled evaluation, or null when no site evaluated. */
    public static EvaluationResult of(List<SiteEvaluation> sites) {
        if (sites.isEmpty()) {
            return null;
        }
        int k = sites.get(0).result().metrics().numClasses();
        long[][] counts = new long[k][k];
        double lossSum = 0;
        long lossSamples = 0;
        for (SiteEvaluation s : sites) {
            long[][] c = s.result().metrics().confusion();
            if (c.length != k) {
                throw new IllegalArgumentException("site " + s.siteId() + " reported " + c.length + " classes, not " + k);
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    counts[i][j] += c[i][j];
                }
            }
            // a site under a privacy budget sends a noisy confusion matrix and no loss (NaN): its counts pool, its loss cannot
            if (Double.isFinite(s.result().loss())) {
                lossSum += s.result().loss() * s.result().samples();
                lossSamples += s.result().samples();
            }
        }
        ClassificationMetrics m = ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(counts), Double.NaN);
        return new EvaluationResult(lossSamples == 0 ? Double.NaN : lossSum / lossSamples, m);
    }

    /** The sites' ROC AUCs averaged with their test-set sizes as weights (NaN when no site has one). */
    public static double meanSiteRocAuc(List<SiteEvaluation> sites) {
        double sum = 0;
        long n = 0;
        for (SiteEvaluation s : sites) {
            double auc = s.result().metrics().rocAuc();
            if (Double.isFinite(auc)) {
                sum += auc * s.result().samples();
                n += s.result().samples();
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
