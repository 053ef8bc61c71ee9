package org.fedmed.net.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.contribution.ModelUtility;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.study.ContributionValues;

/**
 * The utility of a coalition's model in an own-data study, whose coordinator holds no data: every
 * member site evaluates the model on its own test split, as it evaluates each round's global model
 * (an ordinary evaluate task: a node under a privacy budget answers with a noisy confusion matrix,
 * booked, or refuses), and the answers are pooled. A site that does not answer before the round
 * deadline is left out of that score and counted.
 */
final class SiteEvaluationUtility implements ModelUtility {

    private final List<RemoteSite> sites;
    private final Duration deadline;
    private final Map<String, Integer> missed = new LinkedHashMap<>();
    private int scored;

    SiteEvaluationUtility(List<RemoteSite> sites, Duration deadline) {
        this.sites = List.copyOf(sites);
        this.deadline = deadline;
    }

    @Override
    public double score(ModelWeights model) {
        int round = sites.stream().mapToInt(RemoteSite::lastFitRound).max().orElse(1);
        List<SiteEvaluation> answers = new ArrayList<>();
        SiteCalls.askAll(sites, deadline, s -> s.evaluate(new EvaluateInstructions(round, model))).forEach((site, a) -> {
            if (a.value() != null) {
                answers.add(a.value());
            } else {
                synchronized (this) {
                    missed.merge(site, 1, Integer::sum);
                }
            }
        });
        synchronized (this) {
            scored++;
        }
        EvaluationResult pooled = PooledEvaluation.of(answers);
        // no site answered: the coalition's model has no score; 0 keeps the round's values finite, and the note says so
        return pooled == null ? 0.0 : ContributionValues.score(pooled);
    }

    /** How the values were scored, for the report's notes. */
    synchronized String note() {
        String base = "each coalition's model was evaluated by the study's sites on their own test splits (" + scored + " models, each an"
                + " evaluation every site released like a round's; under a node's privacy budget a noisy confusion matrix, booked)";
        return missed.isEmpty() ? base : base + "; evaluations missing from a score (refused, failed or late): " + missed;
    }
}
