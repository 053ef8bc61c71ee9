package org.fedmed.learn.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.learn.model.ModelFactory;
import org.junit.jupiter.api.Test;

/**
 * The one-pass per-example clipping against the definition: one forward/backward through the
 * trainer's own block per example, each gradient clipped to C and summed. Also checks that the
 * functional forward is the same function as the block (any drift between {@code ModelFactory}
 * and the clipper's layer list would show here).
 */
class PerExampleClipperTest {

    private static final Engine ENGINE = Engine.getEngine("PyTorch");

    @Test
    void logisticRegressionMatchesPerExampleBackward() {
        check(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {6}, 3), 7);
    }

    @Test
    void mlpMatchesPerExampleBackward() {
        check(new ModelSpec(ModelArchitecture.MLP, new int[] {5}, 2, List.of(8, 4), 0.0), 6);
    }

    @Test
    void cnnMatchesPerExampleBackward() {
        check(ModelSpec.of(ModelArchitecture.CNN, new int[] {1, 12, 12}, 2), 5);
    }

    @Test
    void cnn1dMatchesPerExampleBackward() {
        check(ModelSpec.of(ModelArchitecture.CNN1D, new int[] {1, 16}, 2), 5);
    }

    /** The LSTM has no one-pass form: it goes example by example, which must equal the definition too. */
    @Test
    void lstmGoesExampleByExampleAndMatchesTheDefinition() {
        check(ModelSpec.of(ModelArchitecture.LSTM, new int[] {1, 12}, 2), 4);
    }

    /** Frozen tensors (transfer learning) are neither clipped nor summed: only the trained ones count in the norm. */
    @Test
    void aModelWithFrozenTensorsClipsOnlyWhatItTrains() {
        check(new ModelSpec(ModelArchitecture.MLP, new int[] {5}, 2, List.of(8, 4), 0.0), 6, 2);
    }

    @Test
    void batchNormModelsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerExampleClipper.forModel(ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2), List.of()));
        assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
    }

    private void check(ModelSpec spec, int batch) {
        check(spec, batch, 0);
    }

    /** @param frozen how many of the block's first trainable tensors are left out (frozen) */
    private void check(ModelSpec spec, int batch, int frozen) {
        Block block = ModelFactory.build(spec);
        try (Model model = Model.newInstance("clip-test", "PyTorch")) {
            model.setBlock(block);
            NDManager m = model.getNDManager();
            ENGINE.setRandomSeed(7);
            block.initialize(m, DataType.FLOAT32, ModelFactory.batchShape(spec, 1));
            List<NDArray> all = new ArrayList<>();
            for (var p : block.getParameters()) {
                Parameter param = p.getValue();
                if (param.requiresGradient()) {
                    all.add(param.getArray());
                }
            }
            List<NDArray> trainable = all.subList(frozen, all.size());
            Random rnd = new Random(3);
            int features = Arrays.stream(spec.inputShape()).reduce(1, (a, b) -> a * b);
            float[] xs = new float[batch * features];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) rnd.nextGaussian();
            }
            float[] ts = new float[batch * spec.numClasses()];
            for (int i = 0; i < batch; i++) {
                ts[i * spec.numClasses() + rnd.nextInt(spec.numClasses())] = 0.5f + i * 0.25f; // class weights differ
            }
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.create(xs, ModelFactory.batchShape(spec, batch));
                NDArray t = step.create(ts, new Shape(batch, spec.numClasses()));

                // the definition: per example, the block's own gradient
                List<float[][]> perExample = new ArrayList<>();
                double[] norms = new double[batch];
                double lossSum = 0;
                for (int i = 0; i < batch; i++) {
                    float[][] g = new float[trainable.size()][];
                    try (NDManager one = step.newSubManager(); GradientCollector c = ENGINE.newGradientCollector()) {
                        NDArray xi = x.get(i).expandDims(0);
                        xi.attach(one);
                        NDArray ti = t.get(i).expandDims(0);
                        ti.attach(one);
                        NDArray logits = block.forward(new ParameterStore(one, false), new NDList(xi), true).singletonOrThrow();
                        NDArray loss = logits.logSoftmax(1).mul(ti).sum().neg();
                        c.backward(loss);
                        lossSum += loss.getFloat();
                        for (int j = 0; j < trainable.size(); j++) {
                            NDArray grad = trainable.get(j).getGradient();
                            grad.attach(one);
                            g[j] = grad.toFloatArray();
                            norms[i] += sumSquares(g[j]);
                            grad.muli(0);
                        }
                        for (int j = 0; j < frozen; j++) {
                            NDArray grad = all.get(j).getGradient();
                            grad.attach(one);
                            grad.muli(0);
                        }
                    }
                    norms[i] = Math.sqrt(norms[i]);
                    perExample.add(g);
                }
                double[] sorted = norms.clone();
                Arrays.sort(sorted);
                float clip = (float) sorted[batch / 2]; // about half the examples get clipped

                PerExampleGradients way = PerExampleGradients.forModel(spec, block, trainable, frozen > 0);
                assertEquals(spec.architecture() == ModelArchitecture.LSTM || frozen > 0, way instanceof ExampleByExample,
                        "example by example only where the one-pass form cannot serve");
                ClippedSum got = way.clippedSum(ENGINE, x, t, clip, false, step);
                for (int i = 0; i < batch; i++) {
                    assertEquals(norms[i], got.norms()[i], 1e-4 * Math.max(1, norms[i]), "norm of example " + i);
                }
                for (int j = 0; j < trainable.size(); j++) {
                    float[] actual = got.gradients().get(j).toFloatArray();
                    double[] expected = new double[actual.length];
                    for (int i = 0; i < batch; i++) {
                        double f = Math.min(1.0, clip / norms[i]);
                        for (int e = 0; e < expected.length; e++) {
                            expected[e] += f * perExample.get(i)[j][e];
                        }
                    }
                    for (int e = 0; e < expected.length; e++) {
                        assertEquals(expected[e], actual[e], 1e-4 + 1e-4 * Math.abs(expected[e]), "tensor " + j + " value " + e);
                    }
                }
                assertEquals(lossSum, got.lossSum(), 1e-4 * Math.abs(lossSum));
            }
        }
    }

    private static double sumSquares(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return s;
    }
}
