package org.fedmed.core.training;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;

/**
 * Trains a model to imitate soft targets rather than labels: the coordinator's step of ensemble
 * distillation (FedDF). Implemented by the engine module next to {@link LocalTrainer}, so core and the
 * simulation stay engine-free.
 */
public interface Distiller {

    /**
     * Trains from {@code start} on {@code inputs} (their labels are ignored) so that the model's
     * softmax(logits / T) approaches {@code teacherProbabilities}: the loss is T² · KL(teacher ‖ student),
     * computed as the soft-target cross-entropy, which differs from the KL only by the teacher's
     * entropy, a constant.
     *
     * @param teacherProbabilities {@code inputs.size() * numClasses} values, one probability row per input,
     *                             already softened at the config's temperature (see {@link EnsembleTargets})
     */
    TrainingOutcome distill(ModelWeights start, LabeledSamples inputs, float[] teacherProbabilities, DistillConfig config);
}
