package org.fedmed.core.training;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;

/**
 * Trains and runs one model on local data. Implemented by the engine module (DJL/PyTorch); core
 * only sees weights in and weights out.
 *
 * <p>A trainer owns engine resources (native memory), so it is closeable. It holds one model
 * instance and loads whatever weights each call passes, which lets one trainer serve every
 * simulated site in turn: memory does not grow with the number of sites.
 */
public interface LocalTrainer extends AutoCloseable {

    /** The model this trainer builds. */
    ModelSpec spec();

    /** Freshly initialized weights, the same for the same seed. */
    ModelWeights initialWeights(long seed);

    /** Trains from {@code start} on {@code data} as {@code config} says. */
    TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config);

    /**
     * Trains as {@link #fit(ModelWeights, LabeledSamples, TrainingConfig)} with {@code gradientOffset}
     * added to every gradient (SCAFFOLD's correction c − c_i; same layout as the weights, null for none).
     *
     * @throws UnsupportedOperationException when this trainer cannot add an offset
     */
    default TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config, ModelWeights gradientOffset) {
        if (gradientOffset == null) {
            return fit(start, data, config);
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot add a gradient offset (SCAFFOLD)");
    }

    /** Class probabilities of {@code weights} on {@code data}, with the mean loss. */
    Predictions predict(ModelWeights weights, LabeledSamples data);

    /**
     * A survival model's risk score for each example (higher: earlier event expected).
     *
     * @throws UnsupportedOperationException for a trainer or model that gives no risk scores
     */
    default double[] riskScores(ModelWeights weights, LabeledSamples data) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " gives no risk scores (a survival model's output)");
    }

    @Override
    void close();
}
