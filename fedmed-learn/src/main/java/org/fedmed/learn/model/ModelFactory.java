package org.fedmed.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import java.util.Arrays;
import java.util.List;
import org.fedmed.core.training.ModelSpec;

/**
 * Builds the DJL {@link Block} for a {@link ModelSpec}. Every party builds the same block for the
 * same spec, so parameter names, order and shapes agree everywhere.
 *
 * <p>The architectures:
 *
 * <ul>
 *   <li>{@code LOGISTIC_REGRESSION}: [flatten] → Linear(k).
 *   <li>{@code ROCKET}: Linear(k) over the ROCKET features the data layer computed (input [2·kernels]).
 *   <li>{@code COX}: [flatten] → Linear(1), the risk score.
 *   <li>{@code MLP}: [flatten] → (Linear(h) → ReLU → [Dropout]) for each h in {@code hiddenUnits} →
 *       Linear(k).
 *   <li>{@code CNN} (for C×H×W, made for 1×28×28): Conv3×3(32) → ReLU → MaxPool2 → Conv3×3(64) → ReLU →
 *       MaxPool2 → flatten → Linear(128) → ReLU → [Dropout] → Linear(k). Convolutions are unpadded, so
 *       a 28×28 input gives 64×5×5 features before the dense layers (224,002 parameters for k = 2).
 *   <li>{@code RESNET}: stem Conv3×3(16) → BatchNorm → ReLU, then three residual basic blocks
 *       (16 channels; 32 channels stride 2; 64 channels stride 2; each two Conv3×3 + BatchNorm with an
 *       identity or 1×1-conv + BatchNorm shortcut), global average pooling, [Dropout], Linear(k).
 *   <li>{@code CNN1D} (for C×L signals, made for 1×96 heartbeats): Conv1d k7(32) → ReLU → MaxPool2 →
 *       Conv1d k5(64) → ReLU → MaxPool2 → Conv1d k3(64) → ReLU → flatten → [Dropout] → Linear(k).
 *       Convolutions are padded to keep the length, so any length ≥ 4 works; the features are flattened
 *       rather than globally pooled because in an aligned heartbeat the position of a shape carries the
 *       diagnosis (a global pooling would see an early and a late bump alike).
 *   <li>{@code LSTM}: the C×L signal read as L steps of C values → LSTM(64 units, one layer) → its
 *       output at the last step → [Dropout] → Linear(k).
 * </ul>
 *
 * <p>{@code [flatten]} is added when the example shape has more than one dimension; {@code [Dropout]}
 * when {@link ModelSpec#dropout()} is positive. Convolutions followed by BatchNorm have no bias.
 *
 * <p>Trainable tensors are those whose DJL parameter requires a gradient: weights, biases and
 * BatchNorm gamma/beta. BatchNorm {@code runningMean}/{@code runningVar} are not trained by the
 * optimizer (they are updated by the forward pass in training mode), but they are parameters of
 * the block and therefore part of {@code ModelWeights}, so they are federated like the rest.
 */
public final class ModelFactory {

    /** Channels of the ResNet stem and its three residual stages. */
    static final int[] RESNET_CHANNELS = {16, 16, 32, 64};

    private ModelFactory() {
    }

    /** A new, uninitialized block for {@code spec}. */
    public static Block build(ModelSpec spec) {
        return switch (spec.architecture()) {
            case LOGISTIC_REGRESSION, ROCKET -> logisticRegression(spec);
            case MLP -> mlp(spec);
            case CNN -> cnn(spec);
            case RESNET -> resnet(spec);
            case CNN1D -> cnn1d(spec);
            case LSTM -> lstm(spec);
            case COX -> linear(spec, 1);
        };
    }

    /** The input shape of a batch of {@code batchSize} examples, e.g. {@code (b, 1, 28, 28)}. */
    public static Shape batchShape(ModelSpec spec, long batchSize) {
        int[] in = spec.inputShape();
        long[] dims = new long[in.length + 1];
        dims[0] = batchSize;
        for (int i = 0; i < in.length; i++) {
            dims[i + 1] = in[i];
        }
        return new Shape(dims);
    }

    static Block logisticRegression(ModelSpec spec) {
        return linear(spec, spec.numClasses());
    }

    private static Block linear(ModelSpec spec, int outputs) {
        SequentialBlock net = new SequentialBlock();
        flattenIfNeeded(net, spec);
        net.add(Linear.builder().setUnits(outputs).build());
        return net;
    }

    static Block mlp(ModelSpec spec) {
        SequentialBlock net = new SequentialBlock();
        flattenIfNeeded(net, spec);
        for (int units : spec.hiddenUnits()) {
            if (units <= 0) {
                throw new IllegalArgumentException("hidden layer widths must be positive, got " + spec.hiddenUnits());
            }
            net.add(Linear.builder().setUnits(units).build());
            net.add(Activation.reluBlock());
            dropoutIfNeeded(net, spec);
        }
        net.add(Linear.builder().setUnits(spec.numClasses()).build());
        return net;
    }

    static Block cnn(ModelSpec spec) {
        requireImage(spec, 10);
        SequentialBlock net = new SequentialBlock();
        net.add(conv(32, 3, 1, 0, true));
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
        net.add(conv(64, 3, 1, 0, true));
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(128).build());
        net.add(Activation.reluBlock());
        dropoutIfNeeded(net, spec);
        net.add(Linear.builder().setUnits(spec.numClasses()).build());
        return net;
    }

    static Block resnet(ModelSpec spec) {
        requireImage(spec, 4);
        SequentialBlock net = new SequentialBlock();
        net.add(conv(RESNET_CHANNELS[0], 3, 1, 1, false));
        net.add(BatchNorm.builder().build());
        net.add(Activation.reluBlock());
        int in = RESNET_CHANNELS[0];
        for (int s = 1; s < RESNET_CHANNELS.length; s++) {
            int out = RESNET_CHANNELS[s];
            int stride = s == 1 ? 1 : 2;
            net.add(residualBlock(in, out, stride));
            in = out;
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Blocks.batchFlattenBlock());
        dropoutIfNeeded(net, spec);
        net.add(Linear.builder().setUnits(spec.numClasses()).build());
        return net;
    }

    /** Units of the LSTM's hidden state. */
    static final int LSTM_UNITS = 64;

    static Block cnn1d(ModelSpec spec) {
        requireSignal(spec, 4);
        SequentialBlock net = new SequentialBlock();
        net.add(conv1d(32, 7));
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool1dBlock(new Shape(2)));
        net.add(conv1d(64, 5));
        net.add(Activation.reluBlock());
        net.add(Pool.maxPool1dBlock(new Shape(2)));
        net.add(conv1d(64, 3));
        net.add(Activation.reluBlock());
        // flattened, not globally pooled: in an aligned heartbeat where a shape occurs matters
        net.add(Blocks.batchFlattenBlock());
        dropoutIfNeeded(net, spec);
        net.add(Linear.builder().setUnits(spec.numClasses()).build());
        return net;
    }

    static Block lstm(ModelSpec spec) {
        requireSignal(spec, 2);
        SequentialBlock net = new SequentialBlock();
        // (batch, channels, length) → (batch, length, channels): one step per sample of the signal
        net.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().transpose(0, 2, 1)), "steps"));
        net.add(LSTM.builder().setStateSize(LSTM_UNITS).setNumLayers(1).optBatchFirst(true).optReturnState(false).build());
        net.add(new LambdaBlock(x -> {
            NDArray out = x.singletonOrThrow();
            return new NDList(out.get(new NDIndex(":, -1, :")));
        }, "last_step"));
        dropoutIfNeeded(net, spec);
        net.add(Linear.builder().setUnits(spec.numClasses()).build());
        return net;
    }

    private static Conv1d conv1d(int filters, int kernel) {
        return Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel)).optPadding(new Shape(kernel / 2)).build();
    }

    private static void requireSignal(ModelSpec spec, int minLength) {
        int[] s = spec.inputShape();
        if (s.length != 2 || s[1] < minLength) {
            throw new IllegalArgumentException(spec.architecture().id() + " needs signal input [channels, length] with length >= "
                    + minLength + ", got " + Arrays.toString(s));
        }
    }

    /**
     * A basic residual block: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)), where the shortcut is
     * the identity when shape is kept and a strided 1×1 convolution + BatchNorm otherwise.
     */
    public static Block residualBlock(int inChannels, int outChannels, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(outChannels, 3, stride, 1, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(outChannels, 3, 1, 1, false))
                .add(BatchNorm.builder().build());
        Block shortcut;
        if (stride == 1 && inChannels == outChannels) {
            shortcut = Blocks.identityBlock();
        } else {
            shortcut = new SequentialBlock()
                    .add(conv(outChannels, 1, stride, 0, false))
                    .add(BatchNorm.builder().build());
        }
        return new ParallelBlock(ModelFactory::addAndRelu, List.of(main, shortcut));
    }

    private static NDList addAndRelu(List<NDList> branches) {
        NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
        return new NDList(Activation.relu(sum));
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
    }

    private static void flattenIfNeeded(SequentialBlock net, ModelSpec spec) {
        if (spec.inputShape().length > 1) {
            net.add(Blocks.batchFlattenBlock());
        }
    }

    private static void dropoutIfNeeded(SequentialBlock net, ModelSpec spec) {
        if (spec.dropout() > 0) {
            net.add(Dropout.builder().optRate((float) spec.dropout()).build());
        }
    }

    private static void requireImage(ModelSpec spec, int minSide) {
        int[] s = spec.inputShape();
        if (s.length != 3 || s[1] < minSide || s[2] < minSide) {
            throw new IllegalArgumentException(spec.architecture().id() + " needs image input [channels, height, width] with"
                    + " height and width >= " + minSide + ", got " + Arrays.toString(s));
        }
    }
}
