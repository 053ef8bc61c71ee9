package org.fedmed.learn.inversion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;

/**
 * The parameter gradient of the bundled CNN's cross-entropy on ONE image, written out as NDArray
 * operations, so that the gradient is itself a differentiable function of the image.
 *
 * <p>Why not the engine's own double backward: PyTorch's {@code backward(create_graph=true)} through
 * DJL does give gradients that carry a graph (checked: a second backward through them reaches the
 * input with the right values), but it stores them in the parameters' {@code .grad}, which then
 * references its own parameter through the graph. PyTorch breaks that cycle only when {@code .grad}
 * is reset to None, which DJL cannot do ({@code zeroGrad} zeroes in place and keeps the graph), so
 * every step leaked its whole graph (measured: resident memory grew by about four times the
 * parameter size per step). Here the only leaf is the image and one ordinary backward runs per step.
 *
 * <p>The backward pass, for the layers {@code ModelFactory.cnn} builds (unpadded 3×3 convolutions,
 * ReLU, 2×2 max pooling, Linear(128), ReLU, Linear(k)), with g = ∂loss/∂(layer output):
 * <ul>
 *   <li>softmax cross-entropy: g = softmax(z) − onehot(y);</li>
 *   <li>dense y = W·a + b: ∂W = gᵀa, ∂b = g, ∂a = g·W;</li>
 *   <li>ReLU: g times the mask z &gt; 0;</li>
 *   <li>max pooling: g goes to the first maximum of each 2×2 cell (PyTorch's choice on ties); rows
 *       and columns the floor division dropped get zero;</li>
 *   <li>convolution: ∂W = correlation of the layer input with g (channels moved to the batch axis),
 *       ∂b = Σ g, ∂input = full correlation of g with the flipped, transposed kernel.</li>
 * </ul>
 * The masks are compared values, so they are constants to autograd, as they are to the engine.
 */
public final class CnnGradient {

    /** The eight trainable tensors, in block order: conv1 W, b; conv2 W, b; dense1 W, b; dense2 W, b. */
    static final int TENSORS = 8;

    private final List<NDArray> weights;
    // derived once: an operation on a weight array would put its result in the weights' long-lived manager
    private final NDArray w3t;
    private final NDArray w4t;
    private final NDArray w2back;
    private final int numClasses;
    private final int[] inputShape;

    private CnnGradient(List<NDArray> weights, int numClasses, int[] inputShape) {
        this.weights = weights;
        this.w3t = weights.get(4).transpose();
        this.w4t = weights.get(6).transpose();
        this.w2back = weights.get(2).flip(2, 3).transpose(1, 0, 2, 3);
        this.numClasses = numClasses;
        this.inputShape = inputShape;
    }

    /**
     * The gradient function of {@code spec} at {@code weights}; the weight arrays live in {@code manager}.
     *
     * @throws IllegalArgumentException unless the model is the one-channel CNN without dropout
     */
    public static CnnGradient of(ModelSpec spec, ModelWeights weights, NDManager manager) {
        requireSupported(spec);
        List<TensorSpec> specs = weights.specs();
        if (specs.size() != TENSORS) {
            throw new IllegalArgumentException("the CNN has " + TENSORS + " tensors, the weights " + specs.size());
        }
        List<NDArray> w = new ArrayList<>(TENSORS);
        for (int i = 0; i < TENSORS; i++) {
            int[] s = specs.get(i).shape();
            long[] dims = Arrays.stream(s).asLongStream().toArray();
            float[] values = Arrays.copyOfRange(weights.values(), weights.offset(i), weights.offset(i) + specs.get(i).numel());
            w.add(manager.create(values, new Shape(dims)));
        }
        return new CnnGradient(List.copyOf(w), spec.numClasses(), spec.inputShape());
    }

    /** Throws unless gradient inversion supports {@code spec}: the bundled CNN on one-channel images, no dropout. */
    public static void requireSupported(ModelSpec spec) {
        if (spec.architecture() != ModelArchitecture.CNN || spec.inputShape().length != 3 || spec.inputShape()[0] != 1) {
            throw new IllegalArgumentException("gradient inversion supports the cnn model on one-channel images, got " + spec);
        }
        if (spec.dropout() > 0) {
            throw new IllegalArgumentException("gradient inversion needs a deterministic gradient: the model must have no dropout, got " + spec);
        }
    }

    /** Pixels of one image. */
    public int pixels() {
        return inputShape[1] * inputShape[2];
    }

    public int height() {
        return inputShape[1];
    }

    public int width() {
        return inputShape[2];
    }

    public int numClasses() {
        return numClasses;
    }

    /** The gradient of the cross-entropy of image {@code x} ([1, 1, H, W]) with label {@code label}, one array per tensor. */
    public List<NDArray> gradient(NDArray x, int label) {
        NDManager m = x.getManager();
        NDArray w1 = weights.get(0);
        NDArray w2 = weights.get(2);
        NDArray w3 = weights.get(4);
        NDArray w4 = weights.get(6);
        // forward (every operation is called on an array of x's manager, so its result lands there), keeping what the backward pass needs
        NDArray z1 = conv(x, w1, weights.get(1), 0);
        NDArray a1 = z1.maximum(0f);
        NDArray p1 = maxPool(a1);
        NDArray z2 = conv(p1, w2, weights.get(3), 0);
        NDArray a2 = z2.maximum(0f);
        NDArray p2 = maxPool(a2);
        NDArray f = p2.reshape(1, -1);
        NDArray z3 = f.matMul(w3t).add(weights.get(5));
        NDArray a3 = z3.maximum(0f);
        NDArray z4 = a3.matMul(w4t).add(weights.get(7));
        // backward
        NDArray g4 = z4.softmax(1).sub(m.create(new int[] {label}).oneHot(numClasses).reshape(1, numClasses));
        NDArray dw4 = g4.transpose().matMul(a3);
        NDArray g3 = g4.matMul(w4).mul(mask(z3));
        NDArray dw3 = g3.transpose().matMul(f);
        NDArray gp2 = g3.matMul(w3).reshape(p2.getShape());
        NDArray g2 = unpool(gp2, a2).mul(mask(z2));
        NDArray dw2 = conv(p1.transpose(1, 0, 2, 3), g2.transpose(1, 0, 2, 3), null, 0).transpose(1, 0, 2, 3);
        NDArray gp1 = conv(g2, w2back, null, 2);
        NDArray g1 = unpool(gp1, a1).mul(mask(z1));
        NDArray dw1 = conv(x.transpose(1, 0, 2, 3), g1.transpose(1, 0, 2, 3), null, 0).transpose(1, 0, 2, 3);
        return List.of(dw1, g1.sum(new int[] {0, 2, 3}), dw2, g2.sum(new int[] {0, 2, 3}),
                dw3, g3.reshape(-1), dw4, g4.reshape(-1));
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray bias, int padding) {
        NDList out = x.getNDArrayInternal().convolution(x, w, bias, new Shape(1, 1), new Shape(padding, padding),
                new Shape(1, 1), 1);
        return out.singletonOrThrow();
    }

    private static NDArray maxPool(NDArray a) {
        return Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private static NDArray mask(NDArray z) {
        return z.gt(0f).toType(DataType.FLOAT32, false);
    }

    /**
     * Max-pooling's backward: each cell's gradient goes to the first maximum of its 2×2 cell in
     * row-major order, as PyTorch's kernel picks it (ties do occur, e.g. in flat image regions).
     */
    private static NDArray unpool(NDArray g, NDArray input) {
        Shape s = g.getShape();
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray cells = input.get(new NDIndex(":, :, :{}, :{}", 2 * h, 2 * w)).reshape(1, c, h, 2, w, 2)
                .transpose(0, 1, 2, 4, 3, 5).reshape(1, c, h, w, 4);
        NDArray winners = cells.eq(cells.max(new int[] {4}, true)).toType(DataType.FLOAT32, false);
        NDArray first = winners.mul(winners.cumSum(4).eq(1f).toType(DataType.FLOAT32, false));
        NDArray spread = first.mul(g.reshape(1, c, h, w, 1)).reshape(1, c, h, w, 2, 2).transpose(0, 1, 2, 4, 3, 5)
                .reshape(1, c, 2 * h, 2 * w);
        return padTo(spread, input.getShape());
    }

    /** Zero rows and columns at the bottom and right up to {@code target}'s size (those floor pooling dropped). */
    private static NDArray padTo(NDArray a, Shape target) {
        Shape s = a.getShape();
        long padH = target.get(2) - s.get(2);
        long padW = target.get(3) - s.get(3);
        NDArray out = a;
        if (padW > 0) {
            out = out.concat(a.getManager().zeros(new Shape(1, s.get(1), s.get(2), padW)), 3);
        }
        if (padH > 0) {
            out = out.concat(a.getManager().zeros(new Shape(1, s.get(1), padH, target.get(3))), 2);
        }
        return out;
    }
}
