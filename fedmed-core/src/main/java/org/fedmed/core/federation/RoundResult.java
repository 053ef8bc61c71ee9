package org.fedmed.core.federation;

import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.round.SiteEvaluation;
import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/**
 * Everything that happened in one round.
 *
 * @param global           the global model after the round
 * @param participants     sites whose valid updates arrived (and were aggregated when {@code aggregated})
 * @param failures         site → reason, for sites that were asked but failed or were rejected, and
 *                         {@code (aggregation)} → reason when the strategy could not aggregate
 * @param aggregated       false when too few updates arrived and the global model was kept
 * @param trainLoss        sample-weighted mean of the participants' local training loss (NaN if none)
 * @param globalEvaluation the global model on the coordinator's held-out test set, or null
 * @param siteEvaluations  the global model on each evaluating site's own test set
 */
public record RoundResult(int round, ModelWeights global, List<String> participants, Map<String, String> failures,
                          boolean aggregated, double trainLoss, EvaluationResult globalEvaluation,
                          List<SiteEvaluation> siteEvaluations, double seconds, long bytesToSites, long bytesFromSites) {
}
