package org.fedmed.core.training;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * A {@link LocalTrainer} with no engine, for overhead benchmarks and protocol tests: "training" adds a constant to every
 * weight, prediction says 0.5 for every example. What it costs is one pass over the weights, so a
 * round's time is the federation's own overhead.
 */
public final class ConstantStepTrainer implements LocalTrainer {

    /** The model descriptor the coordinator announces (the fake ignores it). */
    public static final ModelSpec SPEC = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {1}, 2);

    private final int parameters;

    public ConstantStepTrainer(int parameters) {
        this.parameters = parameters;
    }

    /** One example with one feature, enough for a {@code LocalSite}. */
    public static LabeledSamples tinyData() {
        return new LabeledSamples(new int[] {1}, new float[] {0.5f, 0.25f}, new int[] {0, 1}, List.of("a", "b"));
    }

    public static ModelWeights weights(int parameters, float value) {
        float[] v = new float[parameters];
        Arrays.fill(v, value);
        return ModelWeights.of(List.of(new TensorSpec("layer.weight", new int[] {parameters})), v);
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public ModelWeights initialWeights(long seed) {
        return weights(parameters, 0f);
    }

    @Override
    public TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config) {
        float[] v = start.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.001f;
        }
        return new TrainingOutcome(start.withValues(v), 0.5, data.size(), 1);
    }

    @Override
    public Predictions predict(ModelWeights weights, LabeledSamples data) {
        float[] p = new float[data.size() * 2];
        Arrays.fill(p, 0.5f);
        return new Predictions(p, 2, Math.log(2));
    }

    @Override
    public void close() {
    }
}
