package org.fedmed.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a model: an ordered list of named tensors stored back to back in one flat
 * {@code float[]}.
 *
 * <p>One flat array (rather than one array per tensor) makes the federation's maths — weighted
 * means, deltas, norms, clipping — single tight loops the JIT vectorizes, and makes moving a model
 * to and from an engine or the wire one bulk copy. Instances are treated as immutable: every
 * operation returns a new instance, and {@link #values()} hands out the backing array only for
 * reading or for bulk copies.
 */
public final class ModelWeights {

    private final List<TensorSpec> specs;
    private final int[] offsets;
    private final float[] values;

    private ModelWeights(List<TensorSpec> specs, int[] offsets, float[] values) {
        this.specs = specs;
        this.offsets = offsets;
        this.values = values;
    }

    /** Wraps {@code values} (not copied) laid out as {@code specs}. */
    public static ModelWeights of(List<TensorSpec> specs, float[] values) {
        Objects.requireNonNull(values, "values");
        List<TensorSpec> frozen = List.copyOf(specs);
        int[] offsets = new int[frozen.size() + 1];
        long total = 0;
        for (int i = 0; i < frozen.size(); i++) {
            offsets[i] = (int) total;
            total += frozen.get(i).numel();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("model too large for one array: " + total + " parameters");
            }
        }
        offsets[frozen.size()] = (int) total;
        if (total != values.length) {
            throw new IllegalArgumentException("layout " + frozen + " needs " + total + " values, got " + values.length);
        }
        return new ModelWeights(frozen, offsets, values);
    }

    /** All zeros with the given layout. */
    public static ModelWeights zeros(List<TensorSpec> specs) {
        long n = specs.stream().mapToLong(TensorSpec::numel).sum();
        return of(specs, new float[Math.toIntExact(n)]);
    }

    public List<TensorSpec> specs() {
        return specs;
    }

    /** The flat backing array. Do not modify it unless you created this instance yourself. */
    public float[] values() {
        return values;
    }

    public int size() {
        return values.length;
    }

    /** Bytes the parameters take as float32, the size of an uncompressed transfer. */
    public long byteSize() {
        return 4L * values.length;
    }

    public int tensorCount() {
        return specs.size();
    }

    /** Offset of tensor {@code i} in {@link #values()}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** A copy of one tensor's values. */
    public float[] tensor(String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return Arrays.copyOfRange(values, offsets[i], offsets[i + 1]);
            }
        }
        throw new IllegalArgumentException("no tensor named " + name + " in " + specs);
    }

    /** Same tensor names and shapes, in the same order. */
    public boolean sameLayoutAs(ModelWeights other) {
        return specs.equals(other.specs);
    }

    /** Throws with a message naming the first difference if the layouts differ. */
    public void requireSameLayout(ModelWeights other, String what) {
        if (sameLayoutAs(other)) {
            return;
        }
        List<String> diffs = new ArrayList<>();
        if (specs.size() != other.specs.size()) {
            diffs.add(specs.size() + " tensors expected, " + other.specs.size() + " received");
        }
        for (int i = 0; i < Math.min(specs.size(), other.specs.size()) && diffs.size() < 3; i++) {
            if (!specs.get(i).equals(other.specs.get(i))) {
                diffs.add("tensor " + i + ": expected " + specs.get(i) + ", received " + other.specs.get(i));
            }
        }
        throw new IllegalArgumentException(what + " does not match the model layout: " + String.join("; ", diffs));
    }

    /** New weights with the same layout and the given values (not copied). */
    public ModelWeights withValues(float[] newValues) {
        if (newValues.length != values.length) {
            throw new IllegalArgumentException("expected " + values.length + " values, got " + newValues.length);
        }
        return new ModelWeights(specs, offsets, newValues);
    }

    public ModelWeights copy() {
        return withValues(values.clone());
    }

    /** {@code this - other}, element-wise. */
    public ModelWeights minus(ModelWeights other) {
        requireSameLayout(other, "subtrahend");
        float[] a = values;
        float[] b = other.values;
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] - b[i];
        }
        return withValues(out);
    }

    /** {@code this + scale * other}, element-wise. */
    public ModelWeights plusScaled(ModelWeights other, float scale) {
        requireSameLayout(other, "addend");
        float[] a = values;
        float[] b = other.values;
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + scale * b[i];
        }
        return withValues(out);
    }

    /** Euclidean norm over all parameters, accumulated in double. */
    public double l2Norm() {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** Index of the first NaN or infinite value, or -1 when all are finite. */
    public int firstNonFinite() {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Name of the tensor holding flat index {@code index}. */
    public String tensorNameAt(int index) {
        int pos = Arrays.binarySearch(offsets, index);
        int t = pos >= 0 ? pos : -pos - 2;
        while (t < specs.size() - 1 && offsets[t + 1] <= index) {
            t++;
        }
        return specs.get(t).name();
    }

    @Override
    public String toString() {
        return "ModelWeights" + Collections.unmodifiableList(specs) + " (" + values.length + " parameters)";
    }
}
