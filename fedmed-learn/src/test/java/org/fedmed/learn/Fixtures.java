package org.fedmed.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;

/** Shared test data and helpers. */
final class Fixtures {

    private Fixtures() {
    }

    static List<String> classNames(int k) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("c" + c);
        }
        return names;
    }

    /** Two classes split by a random hyperplane through the origin, with a margin. */
    static LabeledSamples separable(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = rnd.nextGaussian();
        }
        float[] f = new float[n * d];
        int[] y = new int[n];
        int i = 0;
        while (i < n) {
            double dot = 0;
            float[] x = new float[d];
            for (int j = 0; j < d; j++) {
                x[j] = (float) rnd.nextGaussian();
                dot += w[j] * x[j];
            }
            if (Math.abs(dot) < 0.5) {
                continue;
            }
            System.arraycopy(x, 0, f, i * d, d);
            y[i] = dot > 0 ? 1 : 0;
            i++;
        }
        return new LabeledSamples(new int[] {d}, f, y, classNames(2));
    }

    static TrainingConfig sgd(int epochs, int batch, double lr) {
        return new TrainingConfig(epochs, batch, lr, OptimizerKind.SGD, 0, 0, 0, false, 0L);
    }

    static TrainingConfig adam(int epochs, int batch, double lr, long seed) {
        return new TrainingConfig(epochs, batch, lr, OptimizerKind.ADAM, 0, 0, 0, false, seed);
    }

    static double accuracy(Predictions p, LabeledSamples data) {
        int ok = 0;
        for (int i = 0; i < data.size(); i++) {
            if (p.predictedClass(i) == data.labels()[i]) {
                ok++;
            }
        }
        return ok / (double) data.size();
    }

    static ModelWeights gaussian(ModelWeights layout, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[layout.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return layout.withValues(v);
    }
}
