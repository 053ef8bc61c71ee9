package org.fedmed.core.metrics;


/** A model's loss and classification metrics on one test set. */
public record EvaluationResult(double loss, ClassificationMetrics metrics) {

    public long samples() {
        return metrics.samples();
    }
}
