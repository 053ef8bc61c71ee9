package org.fedmed.core.training;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;

/** Evaluates weights on labelled data through a trainer: loss plus all classification metrics. */
public final class Evaluations {

    private Evaluations() {
    }

    public static EvaluationResult evaluate(LocalTrainer trainer, ModelWeights weights, LabeledSamples data) {
        Predictions p = trainer.predict(weights, data);
        return new EvaluationResult(p.meanLoss(), ClassificationMetrics.of(data.labels(), p.probabilities(), p.numClasses()));
    }
}
