package org.fedmed.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/** Name and shape of one tensor of a model, e.g. {@code "fc1.weight", [64, 30]}. */
public record TensorSpec(String name, int[] shape) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension: " + Arrays.toString(shape));
            }
        }
    }

    /**
     * Whether this tensor holds running statistics (BatchNorm's running mean and variance: DJL's
     * {@code runningMean}/{@code runningVar}, PyTorch's {@code running_mean}/{@code running_var}),
     * which training tracks but the optimizer does not train; rules that compare update directions
     * leave them out.
     */
    public boolean isRunningStatistic() {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("runningmean") || n.endsWith("runningvar") || n.endsWith("running_mean") || n.endsWith("running_var");
    }

    /** Number of elements (product of the dimensions; 1 for a scalar). */
    public int numel() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + name + " is too large: " + n + " elements");
        }
        return (int) n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
