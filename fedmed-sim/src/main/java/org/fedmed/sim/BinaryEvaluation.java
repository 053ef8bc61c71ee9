package org.fedmed.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.metrics.ThresholdCounts;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.Predictions;

/**
 * The final model's two-class figures beyond the 0.5 threshold: the disease-class scores behind the
 * ROC curve, and an operating threshold chosen on validation data.
 *
 * <p>The threshold is chosen federatedly, the way a deployment would: each site scores its own
 * validation data (a share of its training data, never the test set) with the final global model
 * and releases only {@link ThresholdCounts} on a grid fixed in advance and shared by all sites; the
 * coordinator adds the counts and takes the largest threshold whose pooled validation sensitivity
 * reaches the target ({@link OperatingThreshold#choose}). A fixed grid, not the sites' own scores,
 * keeps the release to a histogram; it still tells how many validation cases of each class score in
 * each grid step, so studies under DP refuse it and docs/DEPLOYMENT.md lists the channel.
 */
final class BinaryEvaluation {

    /** Candidate thresholds 0.01, 0.02, ..., 0.99: fine enough for a few hundred validation cases. */
    static final int GRID_STEPS = 100;

    private BinaryEvaluation() {
    }

    /** The disease-class (label 1) probability of each example under {@code weights}, or null for more than two classes. */
    static double[] diseaseScores(LocalTrainer trainer, ModelWeights weights, LabeledSamples samples) {
        if (samples.numClasses() != 2) {
            return null;
        }
        Predictions p = trainer.predict(weights, samples);
        double[] disease = new double[samples.size()];
        for (int i = 0; i < disease.length; i++) {
            disease[i] = p.probabilities()[i * 2 + 1];
        }
        return disease;
    }

    /**
     * The operating point for {@code target}: counts from each site's validation data, summed, a
     * threshold chosen on them and applied to the test set; null (with the reason as a phase line)
     * when the pooled validation data hold no diseased case or the task has more than two classes.
     */
    static OperatingPoint operatingPoint(LocalTrainer trainer, ModelWeights weights, Map<String, LabeledSamples> validation,
                                         LabeledSamples test, double[] testScores, double target, SimulationListener listener) {
        if (testScores == null) {
            listener.phase("target sensitivity " + target + " applies to two-class tasks; this one has " + test.numClasses()
                    + " classes, so no operating threshold is chosen");
            return null;
        }
        double[] grid = ThresholdCounts.grid(GRID_STEPS);
        List<ThresholdCounts> released = new ArrayList<>();
        validation.forEach((site, v) -> released.add(ThresholdCounts.of(grid, v.labels(), diseaseScores(trainer, weights, v), 1)));
        ThresholdCounts pooled = ThresholdCounts.sum(released);
        if (pooled.positives() == 0) {
            listener.phase("no operating threshold: the sites' " + pooled.negatives() + " validation cases hold no "
                    + test.classNames().get(1) + " case, so sensitivity cannot be measured on them");
            return null;
        }
        OperatingThreshold chosen = OperatingThreshold.choose(pooled, target);
        ClassificationMetrics atThreshold = chosen.evaluate(test.labels(), testScores);
        listener.phase(String.format(Locale.ROOT, "operating threshold %.2f for %s sensitivity >= %.2f on %d validation cases"
                        + " from %d sites (%d %s): validation sensitivity %.4f%s; test sensitivity %.4f, specificity %.4f, accuracy %.4f",
                chosen.threshold(), test.classNames().get(1), target, pooled.positives() + pooled.negatives(), released.size(),
                pooled.positives(), test.classNames().get(1), chosen.validationSensitivity(),
                chosen.targetMet() ? "" : " (target not met: the lowest candidate threshold)", atThreshold.sensitivity(),
                atThreshold.specificity(), atThreshold.accuracy()));
        return new OperatingPoint(chosen, released.size(), atThreshold);
    }
}
