package org.fedmed.core.explain;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.Predictions;

/**
 * A trainer's model at fixed weights as a {@link Predictor}: the probability of class {@code k} for
 * flat tabular rows. The engine (DJL in fedmed-learn) does the forward pass; this only reshapes.
 */
public final class TrainerPredictor implements Predictor {

    private final LocalTrainer trainer;
    private final ModelWeights weights;
    private final int explainedClass;
    private final List<String> classNames;

    public TrainerPredictor(LocalTrainer trainer, ModelWeights weights, int explainedClass, List<String> classNames) {
        if (explainedClass < 0 || explainedClass >= classNames.size()) {
            throw new IllegalArgumentException("class " + explainedClass + " of " + classNames.size());
        }
        this.trainer = trainer;
        this.weights = weights;
        this.explainedClass = explainedClass;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public double[] predict(double[][] rows) {
        int n = rows.length;
        int m = n == 0 ? 0 : rows[0].length;
        float[] features = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                features[i * m + j] = (float) rows[i][j];
            }
        }
        LabeledSamples samples = new LabeledSamples(new int[] {m}, features, new int[n], classNames);
        Predictions p = trainer.predict(weights, samples);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = p.probabilities()[i * p.numClasses() + explainedClass];
        }
        return out;
    }
}
