package org.fedmed.net.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
final class SiteEvaluationUtility implements ModelUtility, AutoCloseable {

    private final List<RemoteSite> sites;
    private final Duration deadline;
    private final ExecutorService pool;
    private final Map<String, Integer> missed = new LinkedHashMap<>();
    private int scored;

    SiteEvaluationUtility(List<RemoteSite> sites, Duration deadline) {
        this.sites = List.copyOf(sites);
        this.deadline = deadline;
        this.pool = Executors.newFixedThreadPool(Math.max(1, sites.size()));
    }

    @Override
    public double score(ModelWeights model) {
        int round = sites.stream().mapToInt(RemoteSite::lastFitRound).max().orElse(1);
        Map<String, Future<SiteEvaluation>> asked = new LinkedHashMap<>();
        for (RemoteSite s : sites) {
            asked.put(s.siteId(), pool.submit(() -> s.evaluate(new EvaluateInstructions(round, model))));
        }
        List<SiteEvaluation> answers = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        for (Map.Entry<String, Future<SiteEvaluation>> e : asked.entrySet()) {
            try {
                answers.add(e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException ex) {
                e.getValue().cancel(true);
                synchronized (this) {
                    missed.merge(e.getKey(), 1, Integer::sum);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("contribution: interrupted while the sites scored a coalition's model");
            }
        }
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

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
