package org.fedmed.learn.dp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedmed.core.training.ModelSpec;

/**
 * The sum over a batch of per-example gradients, each clipped to an L2 norm bound: the core of
 * DP-SGD, computed in ONE forward and ONE backward pass instead of one backward per example.
 *
 * <p>The model is re-expressed as a functional forward over the trainable arrays of the trainer's
 * block (same order and shapes as {@code ModelFactory} builds them), with two tricks that make the
 * gradient of each example separable:
 * <ul>
 *   <li><b>Dense layers</b> (Goodfellow 2015, "ghost norm"): the layer output gets a zero "probe"
 *       tensor added, whose gradient is the per-example output gradient gᵢ. The example's weight
 *       gradient is the outer product gᵢ·aᵢᵀ with its input aᵢ, so its squared norm is
 *       ‖gᵢ‖²·‖aᵢ‖² (+‖gᵢ‖² for the bias) and the clipped sum is one matrix product (f∘G)ᵀ·A:
 *       nothing of size batch × weights is ever built.</li>
 *   <li><b>Convolutions</b> (Rochette et al. 2019), 2-D and 1-D: the kernel is repeated once per
 *       example and the batch runs as one grouped convolution (groups = batch), so the backward pass
 *       leaves each example's kernel gradient in its own slice. Kernels are small, so the copies are
 *       cheap.</li>
 * </ul>
 * Each example's total norm is then taken over all tensors, its gradient scaled by
 * min(1, C / norm), and the scaled gradients summed. Layers that mix examples (BatchNorm) cannot be
 * expressed this way, so the RESNET architecture is refused; a recurrent layer has no such trick and
 * goes example by example ({@link ExampleByExample}, chosen by {@link PerExampleGradients#forModel}).
 */
public final class PerExampleClipper implements PerExampleGradients {

    /** One layer of the functional forward; indices point into the trainable arrays. */
    private sealed interface Layer {
    }

    private record Dense(int weight, int bias) implements Layer {
    }

    /** A 2-D or 1-D convolution (the kernel's rank says which), stride 1, {@code padding} on each side. */
    private record Conv(int weight, int bias, int padding) implements Layer {
    }

    private enum Op implements Layer { RELU, MAX_POOL_2, MAX_POOL_1D_2, FLATTEN, DROPOUT }

    private final List<Layer> layers;
    private final List<NDArray> params;
    private final float dropout;

    private PerExampleClipper(List<Layer> layers, List<NDArray> params, float dropout) {
        this.layers = List.copyOf(layers);
        this.params = List.copyOf(params);
        this.dropout = dropout;
        int expected = 0;
        for (Layer l : layers) {
            if (l instanceof Dense || l instanceof Conv) {
                expected += 2;
            }
        }
        if (expected != params.size()) {
            throw new IllegalStateException("functional model has " + expected + " tensors, block has " + params.size());
        }
    }

    /**
     * The clipper for {@code spec} over the block's trainable arrays (weights and biases in block order).
     *
     * @throws IllegalArgumentException for an architecture whose layers mix examples (BatchNorm)
     */
    public static PerExampleClipper forModel(ModelSpec spec, List<NDArray> trainable) {
        List<Layer> l = new ArrayList<>();
        boolean image = spec.inputShape().length > 1;
        switch (spec.architecture()) {
            case LOGISTIC_REGRESSION, ROCKET -> {
                if (image) {
                    l.add(Op.FLATTEN);
                }
                l.add(new Dense(0, 1));
            }
            case MLP -> {
                if (image) {
                    l.add(Op.FLATTEN);
                }
                int p = 0;
                for (int ignored : spec.hiddenUnits()) {
                    l.add(new Dense(p, p + 1));
                    p += 2;
                    l.add(Op.RELU);
                    addDropout(l, spec);
                }
                l.add(new Dense(p, p + 1));
            }
            case CNN -> {
                l.add(new Conv(0, 1, 0));
                l.add(Op.RELU);
                l.add(Op.MAX_POOL_2);
                l.add(new Conv(2, 3, 0));
                l.add(Op.RELU);
                l.add(Op.MAX_POOL_2);
                l.add(Op.FLATTEN);
                l.add(new Dense(4, 5));
                l.add(Op.RELU);
                addDropout(l, spec);
                l.add(new Dense(6, 7));
            }
            case RESNET -> throw new IllegalArgumentException("DP-SGD needs per-example gradients, but the resnet "
                    + "architecture uses BatchNorm, which mixes the examples of a batch; use cnn, mlp or logreg");
            case CNN1D -> {
                // as ModelFactory.cnn1d: padded k7(32), k5(64), k3(64) convolutions
                l.add(new Conv(0, 1, 3));
                l.add(Op.RELU);
                l.add(Op.MAX_POOL_1D_2);
                l.add(new Conv(2, 3, 2));
                l.add(Op.RELU);
                l.add(Op.MAX_POOL_1D_2);
                l.add(new Conv(4, 5, 1));
                l.add(Op.RELU);
                l.add(Op.FLATTEN);
                addDropout(l, spec);
                l.add(new Dense(6, 7));
            }
            case LSTM -> throw new IllegalArgumentException("the one-pass per-example gradients have no form for the lstm's"
                    + " recurrence; PerExampleGradients.forModel takes it example by example");
            case COX -> throw new IllegalArgumentException("DP-SGD needs per-example gradients, but the Cox partial likelihood "
                    + "compares each example with the rest of its batch (its risk set), so no example has a gradient of its own");
        }
        return new PerExampleClipper(l, trainable, (float) spec.dropout());
    }

    private static void addDropout(List<Layer> l, ModelSpec spec) {
        if (spec.dropout() > 0) {
            l.add(Op.DROPOUT);
        }
    }

    @Override
    public ClippedSum clippedSum(Engine engine, NDArray x, NDArray targets, float clipNorm, boolean training, NDManager step) {
        int b = Math.toIntExact(x.getShape().get(0));
        List<NDArray[]> convLeaves = new ArrayList<>(); // per Conv: expanded weight, expanded bias
        List<NDArray[]> denseLeaves = new ArrayList<>(); // per Dense: input activation, probe
        NDArray negLossSum;
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray h = x;
            for (Layer layer : layers) {
                if (layer instanceof Dense d) {
                    NDArray probe = step.zeros(new Shape(b, params.get(d.weight()).getShape().get(0)));
                    probe.setRequiresGradient(true);
                    NDArray out = Linear.linear(h, detached(d.weight(), step), detached(d.bias(), step)).singletonOrThrow();
                    denseLeaves.add(new NDArray[] {h, probe});
                    h = out.add(probe);
                } else if (layer instanceof Conv c) {
                    NDArray w = perExample(c.weight(), b, step);
                    NDArray bias = perExample(c.bias(), b, step);
                    convLeaves.add(new NDArray[] {w, bias});
                    h = groupedConvolution(h, w, bias, b, c.padding());
                } else {
                    h = switch ((Op) layer) {
                        case RELU -> Activation.relu(h);
                        case MAX_POOL_2 -> Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                        case MAX_POOL_1D_2 -> Pool.maxPool1d(h, new Shape(2), new Shape(2), new Shape(0), false);
                        case FLATTEN -> h.reshape(b, -1);
                        case DROPOUT -> Dropout.dropout(h, dropout, training).singletonOrThrow();
                    };
                }
            }
            negLossSum = h.logSoftmax(1).mul(targets).sum();
            collector.backward(negLossSum.neg());
        }
        return clipAndSum(b, convLeaves, denseLeaves, clipNorm, -negLossSum.getFloat(), step);
    }

    private ClippedSum clipAndSum(int b, List<NDArray[]> convLeaves, List<NDArray[]> denseLeaves, float clipNorm,
                                  double lossSum, NDManager step) {
        NDArray[] convGrads = new NDArray[2 * convLeaves.size()];
        NDArray sq = step.zeros(new Shape(b));
        for (int i = 0; i < convLeaves.size(); i++) {
            for (int j = 0; j < 2; j++) {
                NDArray g = convLeaves.get(i)[j].getGradient();
                g.attach(step);
                convGrads[2 * i + j] = g;
                sq = sq.add(g.reshape(b, -1).square().sum(new int[] {1}));
            }
        }
        NDArray[] probeGrads = new NDArray[denseLeaves.size()];
        for (int i = 0; i < denseLeaves.size(); i++) {
            NDArray g = denseLeaves.get(i)[1].getGradient();
            g.attach(step);
            probeGrads[i] = g;
            NDArray inputSq = denseLeaves.get(i)[0].reshape(b, -1).square().sum(new int[] {1});
            sq = sq.add(g.square().sum(new int[] {1}).mul(inputSq.add(1f)));
        }
        NDArray norms = sq.sqrt();
        // min(1, C / norm) without dividing by zero: C / max(norm, C)
        NDArray factor = norms.maximum(clipNorm).pow(-1f).mul(clipNorm);
        List<NDArray> sums = new ArrayList<>(params.size());
        int conv = 0;
        int dense = 0;
        for (Layer layer : layers) {
            if (layer instanceof Conv) {
                for (int j = 0; j < 2; j++) {
                    NDArray g = convGrads[2 * conv + j];
                    sums.add(g.mul(factor.reshape(broadcastShape(b, g.getShape().dimension()))).sum(new int[] {0}));
                }
                conv++;
            } else if (layer instanceof Dense) {
                NDArray scaled = probeGrads[dense].mul(factor.reshape(b, 1));
                NDArray input = denseLeaves.get(dense)[0].reshape(b, -1);
                sums.add(scaled.transpose().matMul(input));
                sums.add(scaled.sum(new int[] {0}));
                dense++;
            }
        }
        return new ClippedSum(sums, lossSum, norms.toFloatArray());
    }

    /** [b, 1, 1, ...] with {@code dims} dimensions in all. */
    private static Shape broadcastShape(int b, int dims) {
        long[] s = new long[dims];
        Arrays.fill(s, 1);
        s[0] = b;
        return new Shape(s);
    }

    /** The parameter as a constant (no gradient flows into the block's own array). */
    private NDArray detached(int index, NDManager step) {
        NDArray a = params.get(index).stopGradient();
        a.attach(step);
        return a;
    }

    /** A fresh leaf holding the parameter once per example, [b, ...], whose gradient is per example. */
    private NDArray perExample(int index, int b, NDManager step) {
        NDArray a = detached(index, step);
        NDArray expanded = a.expandDims(0);
        NDArray repeated = expanded.repeat(0, b);
        repeated.setRequiresGradient(true);
        return repeated;
    }

    /**
     * Convolution of each example with its own kernel copy: the batch becomes the channel groups.
     * {@code h} is [b, in, spatial...] and {@code w} [b, out, in, kernel...] with one or two spatial
     * dimensions.
     */
    private static NDArray groupedConvolution(NDArray h, NDArray w, NDArray bias, int b, int padding) {
        Shape in = h.getShape();
        Shape ws = w.getShape();
        int spatial = in.dimension() - 2;
        long[] grouped = new long[in.dimension()];
        grouped[0] = 1;
        grouped[1] = b * in.get(1);
        long[] kernels = new long[ws.dimension() - 1];
        kernels[0] = b * ws.get(1);
        kernels[1] = ws.get(2);
        for (int d = 0; d < spatial; d++) {
            grouped[2 + d] = in.get(2 + d);
            kernels[2 + d] = ws.get(3 + d);
        }
        long[] ones = new long[spatial];
        long[] pads = new long[spatial];
        Arrays.fill(ones, 1);
        Arrays.fill(pads, padding);
        NDArray x = h.reshape(grouped);
        NDList out = x.getNDArrayInternal().convolution(x, w.reshape(kernels), bias.reshape(-1), new Shape(ones),
                new Shape(pads), new Shape(ones), b);
        NDArray y = out.singletonOrThrow();
        Shape ys = y.getShape();
        long[] back = new long[ys.dimension()];
        back[0] = b;
        back[1] = ws.get(1);
        for (int d = 0; d < spatial; d++) {
            back[2 + d] = ys.get(2 + d);
        }
        return y.reshape(back);
    }
}
