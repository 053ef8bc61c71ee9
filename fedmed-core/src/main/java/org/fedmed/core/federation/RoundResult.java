package org.fedmed.core.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteEvaluation;

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
 * @param siteDetailsWithheld true when participants, failures, per-site evaluations and the train
 *                         loss were withheld (client-level DP: they are computed without noise, and
 *                         who took part voids the amplification by sampling)
 * @param secure           the round's secure aggregation, or null when updates arrived in the clear
 * @param scores           how a scoring rule (fltrust, screen) judged each update, by site (by group under
 *                         grouped secure aggregation); empty for other rules
 */
public record RoundResult(int round, ModelWeights global, List<String> participants, Map<String, String> failures,
                          boolean aggregated, double trainLoss, EvaluationResult globalEvaluation,
                          List<SiteEvaluation> siteEvaluations, double seconds, long bytesToSites, long bytesFromSites,
                          boolean siteDetailsWithheld, SecureRoundInfo secure, Map<String, SiteScore> scores) {

    public RoundResult {
        scores = Map.copyOf(scores);
    }

    /** Placeholder id of the k-th participant of a round whose site details are withheld. */
    public static final String WITHHELD = "withheld-";

    public RoundResult(int round, ModelWeights global, List<String> participants, Map<String, String> failures,
                       boolean aggregated, double trainLoss, EvaluationResult globalEvaluation,
                       List<SiteEvaluation> siteEvaluations, double seconds, long bytesToSites, long bytesFromSites) {
        this(round, global, participants, failures, aggregated, trainLoss, globalEvaluation, siteEvaluations, seconds,
                bytesToSites, bytesFromSites, false, null, Map.of());
    }

    public RoundResult(int round, ModelWeights global, List<String> participants, Map<String, String> failures,
                       boolean aggregated, double trainLoss, EvaluationResult globalEvaluation,
                       List<SiteEvaluation> siteEvaluations, double seconds, long bytesToSites, long bytesFromSites,
                       boolean siteDetailsWithheld) {
        this(round, global, participants, failures, aggregated, trainLoss, globalEvaluation, siteEvaluations, seconds,
                bytesToSites, bytesFromSites, siteDetailsWithheld, null, Map.of());
    }

    /**
     * The round as it may be published under client-level DP: how many sites took part (placeholders
     * {@code withheld-1..k}) and how many failed, but not who, no per-site evaluation and no train loss.
     */
    public RoundResult withSiteDetailsWithheld() {
        List<String> anonymous = new ArrayList<>();
        for (int k = 1; k <= participants.size(); k++) {
            anonymous.add(WITHHELD + k);
        }
        Map<String, String> failed = failures.isEmpty() ? Map.of()
                : Map.of("(sites)", failures.size() + " failed or were refused; who is withheld under client-level DP");
        SecureRoundInfo counted = secure == null ? null : new SecureRoundInfo(secure.protection(), secure.parameters(),
                secure.participants(), secure.summed(), secure.recovered().isEmpty() ? Map.of()
                : Map.of("(sites)", secure.recovered().size() + " dropped and were recovered; who is withheld under client-level DP"),
                secure.tampering().isEmpty() ? List.of() : List.of(secure.tampering().size() + " tampered shares detected"),
                secure.bytesToSites(), secure.bytesFromSites(), secure.sumDigest());
        return new RoundResult(round, global, anonymous, failed, aggregated, Double.NaN, globalEvaluation, List.of(), seconds,
                bytesToSites, bytesFromSites, true, counted, Map.of());
    }
}
