package org.fedmed.core.metrics;

import java.util.Objects;

/**
 * A model's loss and its figures on one test set: classification metrics for a classifier, or a
 * survival summary (C-index, event and censoring counts) for a survival model; exactly one is set.
 * A survival model has no accuracy, so asking it for classification metrics fails rather than
 * printing a made-up figure.
 */
public record EvaluationResult(double loss, ClassificationMetrics metrics, SurvivalSummary survival) {

    public EvaluationResult {
        if ((metrics == null) == (survival == null)) {
            throw new IllegalArgumentException("an evaluation has either classification metrics or a survival summary");
        }
    }

    /** A classifier's evaluation. */
    public EvaluationResult(double loss, ClassificationMetrics metrics) {
        this(loss, Objects.requireNonNull(metrics, "metrics"), null);
    }

    /** A survival model's evaluation. */
    public static EvaluationResult survival(double loss, SurvivalSummary survival) {
        return new EvaluationResult(loss, null, Objects.requireNonNull(survival, "survival"));
    }

    /** Whether this is a survival model's evaluation (C-index rather than classification metrics). */
    public boolean isSurvival() {
        return survival != null;
    }

    /** @throws IllegalStateException for a survival model's evaluation, which has no classification metrics */
    @Override
    public ClassificationMetrics metrics() {
        if (metrics == null) {
            throw new IllegalStateException("a survival model has no classification metrics (accuracy, AUC): read its C-index");
        }
        return metrics;
    }

    public long samples() {
        return metrics != null ? metrics.samples() : survival.samples();
    }
}
