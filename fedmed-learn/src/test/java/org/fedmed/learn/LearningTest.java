package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.data.synthetic.SyntheticImages;
import org.junit.jupiter.api.Test;

/** The models actually learn easy tasks. */
class LearningTest {

    @Test
    void logisticRegressionSeparatesLinearlySeparableClasses() {
        LabeledSamples train = Fixtures.separable(400, 10, 1);
        LabeledSamples test = Fixtures.separable(200, 10, 1); // same hyperplane (seed), fresh points below
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {10}, 2)).build()) {
            ModelWeights w = t.initialWeights(1);
            double before = Fixtures.accuracy(t.predict(w, train), train);
            TrainingOutcome out = t.fit(w, train, Fixtures.adam(20, 32, 0.05, 3));
            double acc = Fixtures.accuracy(t.predict(out.weights(), train), train);
            System.out.printf("logreg: accuracy %.3f -> %.3f, last-epoch loss %.4f%n", before, acc, out.meanLoss());
            assertTrue(acc > 0.95, "accuracy " + acc);
            assertTrue(Fixtures.accuracy(t.predict(out.weights(), test), test) > 0.95);
        }
    }

    @Test
    void mlpSeparatesLinearlySeparableClasses() {
        LabeledSamples train = Fixtures.separable(400, 10, 2);
        ModelSpec spec = new ModelSpec(ModelArchitecture.MLP, new int[] {10}, 2, List.of(32, 16), 0.1);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            TrainingConfig sgd = new TrainingConfig(20, 32, 0.05, OptimizerKind.SGD, 0.9, 1e-4, 0, false, 5L);
            TrainingOutcome out = t.fit(t.initialWeights(2), train, sgd);
            double acc = Fixtures.accuracy(t.predict(out.weights(), train), train);
            System.out.printf("mlp: accuracy %.3f, last-epoch loss %.4f%n", acc, out.meanLoss());
            assertTrue(acc > 0.95, "accuracy " + acc);
        }
    }

    @Test
    void cnnLearnsBrightVersusDarkQuickly() {
        LabeledSamples train = SyntheticImages.brightVersusDark(256, 28, 1);
        LabeledSamples test = SyntheticImages.brightVersusDark(128, 28, 2);
        ModelSpec spec = new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.25);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = t.initialWeights(1);
            TrainingOutcome out = t.fit(w, train, Fixtures.adam(1, 16, 1e-3, 1L));
            Predictions p = t.predict(out.weights(), test);
            double acc = Fixtures.accuracy(p, test);
            System.out.printf("cnn: test accuracy %.3f after one epoch (%d steps), test loss %.4f%n", acc, out.steps(), p.meanLoss());
            assertTrue(acc > 0.95, "accuracy " + acc);
        }
    }

    @Test
    void resnetLearnsCentreSquareImages() {
        LabeledSamples train = SyntheticImages.centreSquare(192, 28, 0.3, 1);
        LabeledSamples test = SyntheticImages.centreSquare(96, 28, 0.3, 2);
        ModelSpec spec = ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = t.initialWeights(1);
            TrainingOutcome out = t.fit(w, train, Fixtures.adam(2, 16, 1e-3, 1L));
            // BatchNorm running statistics were updated by training and travel with the weights
            float[] mean = out.weights().tensor("02BatchNorm_runningMean");
            boolean moved = false;
            for (float v : mean) {
                moved |= v != 0f;
            }
            assertTrue(moved, "running mean updated");
            Predictions p = t.predict(out.weights(), test);
            double acc = Fixtures.accuracy(p, test);
            System.out.printf("resnet: test accuracy %.3f after %d steps, test loss %.4f%n", acc, out.steps(), p.meanLoss());
            assertTrue(acc > 0.9, "accuracy " + acc);
        }
    }
}
