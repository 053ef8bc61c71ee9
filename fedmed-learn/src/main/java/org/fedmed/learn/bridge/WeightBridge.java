package org.fedmed.learn.bridge;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * Moves weights between the parameters of an initialized DJL {@link Block} and {@link ModelWeights}.
 *
 * <p>The layout is the block's parameter list in block order; each tensor is named by its DJL
 * parameter path (e.g. {@code 05Linear_weight}, {@code 04ParallelBlock_01SequentialBlock_02BatchNorm_runningMean}).
 * All parameters are included — BatchNorm running statistics too — so everything that defines the
 * model's behaviour is federated. {@link #isTrainable(int)} tells which tensors the optimizer
 * updates (those whose parameter requires a gradient).
 *
 * <p>Copies are bulk: loading writes each tensor's slice of the flat array into a direct buffer kept
 * per parameter (allocated once) and hands it to {@link NDArray#set(java.nio.Buffer)}; extraction
 * reads each tensor's memory as one buffer and copies it into its slice of a single new array.
 * Neither allocates native memory per call. Not thread-safe; the owning trainer serializes use.
 */
public final class WeightBridge {

    private final List<Parameter> parameters;
    private final List<TensorSpec> layout;
    private final boolean[] trainable;
    private final int[] offsets;
    private final int totalSize;
    private final ModelWeights layoutTemplate;
    private final ByteBuffer[] staging;

    /** A bridge over all parameters of {@code block}, which must be initialized. */
    public WeightBridge(Block block) {
        List<Parameter> params = new ArrayList<>();
        List<TensorSpec> specs = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (!param.isInitialized()) {
                throw new IllegalStateException("parameter " + p.getKey() + " is not initialized; initialize the block first");
            }
            params.add(param);
            specs.add(new TensorSpec(p.getKey(), toIntShape(p.getKey(), param.getArray().getShape())));
        }
        this.parameters = List.copyOf(params);
        this.layout = List.copyOf(specs);
        this.trainable = new boolean[params.size()];
        this.offsets = new int[params.size() + 1];
        int at = 0;
        for (int i = 0; i < params.size(); i++) {
            trainable[i] = params.get(i).requiresGradient();
            offsets[i] = at;
            at = Math.addExact(at, specs.get(i).numel());
        }
        offsets[params.size()] = at;
        this.totalSize = at;
        this.layoutTemplate = ModelWeights.zeros(layout);
        this.staging = new ByteBuffer[params.size()];
    }

    /** Tensor names and shapes, in block order. */
    public List<TensorSpec> layout() {
        return layout;
    }

    /** The DJL parameters, in the same order as {@link #layout()}. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Total number of values over all tensors (trainable or not). */
    public int size() {
        return totalSize;
    }

    public int tensorCount() {
        return parameters.size();
    }

    /** Offset of tensor {@code i} in the flat array. */
    public int offset(int i) {
        return offsets[i];
    }

    /** Whether the optimizer updates tensor {@code i} (false for BatchNorm running statistics). */
    public boolean isTrainable(int i) {
        return trainable[i];
    }

    /** Names of the trainable tensors, in block order. */
    public Set<String> trainableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < layout.size(); i++) {
            if (trainable[i]) {
                names.add(layout.get(i).name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Number of values in trainable tensors. */
    public int trainableSize() {
        int n = 0;
        for (int i = 0; i < layout.size(); i++) {
            if (trainable[i]) {
                n += layout.get(i).numel();
            }
        }
        return n;
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first differing tensor when {@code weights}
     * does not have this model's layout, or the first tensor holding a NaN or infinity.
     */
    public void requireCompatible(ModelWeights weights, String what) {
        layoutTemplate.requireSameLayout(weights, what);
        int bad = weights.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " contain a non-finite value (" + weights.values()[bad] + ") in tensor "
                    + weights.tensorNameAt(bad) + " at flat index " + bad);
        }
    }

    /** Writes {@code weights} into the block's parameters (bulk copy per tensor). */
    public void load(ModelWeights weights) {
        layoutTemplate.requireSameLayout(weights, "weights");
        float[] values = weights.values();
        for (int i = 0; i < parameters.size(); i++) {
            int len = offsets[i + 1] - offsets[i];
            ByteBuffer buf = staging[i];
            if (buf == null) {
                buf = ByteBuffer.allocateDirect(len * Float.BYTES).order(ByteOrder.nativeOrder());
                staging[i] = buf;
            }
            buf.clear();
            buf.asFloatBuffer().put(values, offsets[i], len);
            parameters.get(i).getArray().set(buf);
        }
    }

    /** The block's current parameters as one new flat array. */
    public ModelWeights extract() {
        float[] out = new float[totalSize];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.get(i).getArray();
            copyInto(array, out, offsets[i], offsets[i + 1] - offsets[i]);
        }
        return ModelWeights.of(layout, out);
    }

    /**
     * Fresh values from each parameter's own DJL initializer (Xavier/He for weights, zeros for biases
     * and BatchNorm beta/mean, ones for gamma/var), drawn from the engine's random generator; the
     * block's current parameters are left untouched. Seed the engine first for reproducibility.
     */
    public ModelWeights initialize(NDManager manager) {
        float[] out = new float[totalSize];
        try (NDManager scratch = manager.newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                Initializer init = p.getInitializer();
                if (init == null) {
                    throw new IllegalStateException("parameter " + layout.get(i).name() + " has no initializer");
                }
                NDArray a = init.initialize(scratch, p.getArray().getShape(), DataType.FLOAT32);
                copyInto(a, out, offsets[i], offsets[i + 1] - offsets[i]);
            }
        }
        return ModelWeights.of(layout, out);
    }

    private static void copyInto(NDArray array, float[] out, int offset, int len) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("parameter " + array.getName() + " is " + array.getDataType() + ", expected float32");
        }
        if (!Device.cpu().equals(array.getDevice())) {
            // one device-to-host copy, released right away (toByteBuffer would attach it to the model's manager)
            try (NDArray host = array.toDevice(Device.cpu(), true)) {
                copyInto(host, out, offset, len);
            }
            return;
        }
        // a direct view of the tensor's memory: one copy, straight into the flat array
        FloatBuffer fb = array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (fb.remaining() != len) {
            throw new IllegalStateException("parameter " + array.getName() + " holds " + fb.remaining() + " values, expected " + len);
        }
        fb.get(out, offset, len);
    }

    private static int[] toIntShape(String name, Shape shape) {
        int[] dims = new int[shape.dimension()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = Math.toIntExact(shape.get(d));
        }
        if (dims.length == 0) {
            throw new IllegalStateException("parameter " + name + " is a scalar");
        }
        return dims;
    }
}
