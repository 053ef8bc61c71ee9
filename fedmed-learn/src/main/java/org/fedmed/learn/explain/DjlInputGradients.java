package org.fedmed.learn.explain;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.fedmed.core.explain.IntegratedGradients;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.learn.bridge.WeightBridge;
import org.fedmed.learn.model.ModelFactory;

/**
 * A DJL model at fixed weights as a {@link IntegratedGradients.Differentiable}: the softmax
 * probability of one class and its gradient with respect to the input, by one backward pass over a
 * batch of inputs. The model runs in inference mode (BatchNorm on its running statistics, no
 * dropout), so the rows of a batch do not mix and each row's gradient is its own. It holds its own
 * copy of the block, so it never disturbs a trainer's parameters; not thread-safe (DJL records
 * gradients process-wide), so it runs after training, not beside it.
 */
public final class DjlInputGradients implements IntegratedGradients.Differentiable, AutoCloseable {

    private static final String ENGINE = "PyTorch";

    private final ModelSpec spec;
    private final Block block;
    private final Model model;
    private final int explainedClass;

    private DjlInputGradients(ModelSpec spec, Block block, Model model, int explainedClass) {
        this.spec = spec;
        this.block = block;
        this.model = model;
        this.explainedClass = explainedClass;
    }

    /** The model of {@code spec} at {@code weights}, explaining the probability of {@code explainedClass}. */
    public static DjlInputGradients of(ModelSpec spec, ModelWeights weights, int explainedClass) {
        if (explainedClass < 0 || explainedClass >= spec.numClasses()) {
            throw new IllegalArgumentException("class " + explainedClass + " of a " + spec.numClasses() + "-class model");
        }
        Block block = ModelFactory.build(spec);
        Model model = Model.newInstance("fedmed-explain", Device.cpu(), ENGINE);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.batchShape(spec, 1));
            new WeightBridge(block).load(weights);
            return new DjlInputGradients(spec, block, model, explainedClass);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public IntegratedGradients.Evaluated evaluate(double[][] inputs) {
        int n = inputs.length;
        int size = inputs[0].length;
        float[] flat = new float[n * size];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                flat[i * size + j] = (float) inputs[i][j];
            }
        }
        try (NDManager call = model.getNDManager().newSubManager()) {
            NDArray x = call.create(flat, ModelFactory.batchShape(spec, n));
            x.setRequiresGradient(true);
            NDArray probability;
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray logits = block.forward(new ParameterStore(call, false), new NDList(x), false).singletonOrThrow();
                probability = logits.softmax(1).get(new NDIndex(":, " + explainedClass));
                // rows are independent, so the gradient of the sum is each row's own gradient
                collector.backward(probability.sum());
            }
            float[] values = probability.toFloatArray();
            float[] grads = x.getGradient().toFloatArray();
            double[] v = new double[n];
            double[][] g = new double[n][size];
            for (int i = 0; i < n; i++) {
                v[i] = values[i];
                for (int j = 0; j < size; j++) {
                    g[i][j] = grads[i * size + j];
                }
            }
            return new IntegratedGradients.Evaluated(v, g);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
