package org.fedmed.data.rocket;

import java.util.Arrays;

/**
 * One random convolutional kernel of ROCKET (Dempster, Petitjean and Webb 2020): its weights, bias,
 * dilation and the zero padding added at each end of a series.
 *
 * @param weights  the kernel's weights, applied to series values {@code dilation} apart
 * @param bias     added to every output
 * @param dilation spacing between the series values a weight meets, at least 1
 * @param padding  zeros added at each end of the series, 0 or more
 */
public record RocketKernel(float[] weights, float bias, int dilation, int padding) {

    public RocketKernel {
        weights = weights.clone();
        if (weights.length == 0) {
            throw new IllegalArgumentException("a kernel needs at least one weight");
        }
        if (dilation < 1) {
            throw new IllegalArgumentException("kernel dilation must be at least 1, got " + dilation);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("kernel padding must be 0 or more, got " + padding);
        }
    }

    /** How many series values the kernel spans: (length − 1) · dilation + 1. */
    public int span() {
        return (weights.length - 1) * dilation + 1;
    }

    /** Outputs of the kernel over a series of {@code length} values (stride 1): length + 2·padding − span + 1. */
    public int outputs(int length) {
        return length + 2 * padding - span() + 1;
    }

    /**
     * Writes the kernel's two features of {@code series[from, from + length)} to {@code out[at]} and
     * {@code out[at + 1]}: the proportion of positive outputs (ppv) and the largest output (max).
     */
    void apply(float[] series, int from, int length, float[] out, int at) {
        int n = outputs(length);
        if (n < 1) {
            throw new IllegalArgumentException("a kernel spanning " + span() + " values with padding " + padding
                    + " does not fit a series of " + length + " values");
        }
        int positive = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = bias;
            int start = i - padding;
            for (int j = 0; j < weights.length; j++) {
                int t = start + j * dilation;
                if (t >= 0 && t < length) {
                    s += weights[j] * series[from + t];
                }
            }
            if (s > 0) {
                positive++;
            }
            if (s > max) {
                max = s;
            }
        }
        out[at] = (float) positive / n;
        out[at + 1] = (float) max;
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocketKernel k && Arrays.equals(weights, k.weights) && Float.compare(bias, k.bias) == 0
                && dilation == k.dilation && padding == k.padding;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(weights) * 31 + Float.hashCode(bias)) * 31 + dilation * 7 + padding;
    }

    @Override
    public String toString() {
        return "RocketKernel[length=" + weights.length + ", bias=" + bias + ", dilation=" + dilation + ", padding=" + padding + "]";
    }
}
