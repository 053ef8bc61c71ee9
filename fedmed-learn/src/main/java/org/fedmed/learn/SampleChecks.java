package org.fedmed.learn;

import java.util.Arrays;
import java.util.Objects;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;

/** Checks that data fits a model before it reaches the engine, whose own errors name neither. */
final class SampleChecks {

    private SampleChecks() {
    }

    static void validate(ModelSpec spec, LabeledSamples data, String what) {
        Objects.requireNonNull(data, what + " data");
        if (data.size() == 0) {
            throw new IllegalArgumentException("no " + what + " examples: the data set is empty");
        }
        if (!Arrays.equals(data.featureShape(), spec.inputShape())) {
            throw new IllegalArgumentException(what + " examples have feature shape " + Arrays.toString(data.featureShape())
                    + " but model " + spec + " expects " + Arrays.toString(spec.inputShape()));
        }
        if (spec.architecture() == ModelArchitecture.COX && !data.isSurvival()) {
            throw new IllegalArgumentException("model " + spec + " trains on survival examples (a time and an event each), but the "
                    + what + " examples have class labels only");
        }
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= spec.numClasses()) {
                throw new IllegalArgumentException(what + " example " + i + " has label " + labels[i] + " but model " + spec
                        + " has " + spec.numClasses() + " classes (labels must be in [0, " + spec.numClasses() + "))");
            }
        }
    }
}
