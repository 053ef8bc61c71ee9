package org.fedmed.core.training;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.PartialLikelihood;
import org.fedmed.core.metrics.SurvivalSummary;
import org.fedmed.core.model.ModelWeights;

/**
 * Evaluates weights on labelled data through a trainer: loss plus all classification metrics, or for
 * survival data (times present) the Cox partial-likelihood loss, C-index and event counts.
 */
public final class Evaluations {

    private Evaluations() {
    }

    public static EvaluationResult evaluate(LocalTrainer trainer, ModelWeights weights, LabeledSamples data) {
        if (data.isSurvival()) {
            double[] risk = trainer.riskScores(weights, data);
            float[] times = data.times();
            int[] events = data.labels();
            return EvaluationResult.survival(PartialLikelihood.meanNegativeLog(risk, times, events),
                    SurvivalSummary.of(risk, times, events));
        }
        Predictions p = trainer.predict(weights, data);
        return new EvaluationResult(p.meanLoss(), ClassificationMetrics.of(data.labels(), p.probabilities(), p.numClasses()));
    }
}
