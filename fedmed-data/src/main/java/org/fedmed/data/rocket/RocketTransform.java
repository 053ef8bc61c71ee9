package org.fedmed.data.rocket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;

/**
 * ROCKET's feature transform (Dempster, Petitjean and Webb 2020, "ROCKET: exceptionally fast and
 * accurate time series classification using random convolutional kernels"): many random kernels,
 * each giving two features of a series, the proportion of positive outputs and the largest output.
 * The kernels are drawn from a seed alone, never from data, so every site draws the same transform
 * from the study's seed and computes its features on its own series; only a linear model on top is
 * trained and shared.
 *
 * <p>Each kernel as in the paper: length 7, 9 or 11 with equal probability; weights from N(0, 1),
 * then centred to mean 0; bias from U(−1, 1); dilation ⌊2^x⌋ with x from U(0, A),
 * A = log2((L − 1)/(length − 1)) for series of length L, so the kernel always fits; with probability
 * 1/2 padding of ⌊(length − 1)·dilation/2⌋ zeros at each end, else none; stride 1.
 */
public final class RocketTransform {

    /** The kernel lengths ROCKET draws from. */
    static final int[] LENGTHS = {7, 9, 11};
    /** The most kernels a study may ask for: a node draws what the study says, so a bound keeps a bad study from exhausting it. */
    public static final int MAX_KERNELS = 100_000;
    /** The shortest series every kernel fits without padding. */
    public static final int MIN_LENGTH = 11;
    private static final long KERNEL_STREAM = 0x726f636b6574L; // "rocket"

    private final List<RocketKernel> kernels;

    public RocketTransform(List<RocketKernel> kernels) {
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("ROCKET needs at least one kernel");
        }
        this.kernels = List.copyOf(kernels);
    }

    /** {@code count} kernels for series of {@code seriesLength} values, drawn from {@code seed} alone. */
    public static RocketTransform draw(int count, int seriesLength, long seed) {
        checkCount(count);
        if (seriesLength < MIN_LENGTH) {
            throw new IllegalArgumentException("ROCKET needs series of at least " + MIN_LENGTH + " values (its longest kernel),"
                    + " got " + seriesLength);
        }
        Random r = Seeds.stream(seed, KERNEL_STREAM);
        List<RocketKernel> kernels = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int length = LENGTHS[r.nextInt(LENGTHS.length)];
            float[] w = new float[length];
            double mean = 0;
            for (int j = 0; j < length; j++) {
                w[j] = (float) r.nextGaussian();
                mean += w[j];
            }
            mean /= length;
            for (int j = 0; j < length; j++) {
                w[j] = (float) (w[j] - mean);
            }
            float bias = (float) (2 * r.nextDouble() - 1);
            double a = Math.log((seriesLength - 1) / (double) (length - 1)) / Math.log(2);
            int dilation = (int) Math.floor(Math.pow(2, r.nextDouble() * a));
            int padding = r.nextBoolean() ? (length - 1) * dilation / 2 : 0;
            kernels.add(new RocketKernel(w, bias, dilation, padding));
        }
        return new RocketTransform(kernels);
    }

    /** Refuses a kernel count outside [1, {@link #MAX_KERNELS}], naming the study key. */
    public static void checkCount(int count) {
        if (count < 1 || count > MAX_KERNELS) {
            throw new IllegalArgumentException("rocket_kernels must be between 1 and " + MAX_KERNELS + ", got " + count);
        }
    }

    public List<RocketKernel> kernels() {
        return kernels;
    }

    /** Features per series: two per kernel, (ppv, max) of kernel 0, then of kernel 1, ... */
    public int features() {
        return 2 * kernels.size();
    }

    /** The features of one series. */
    public float[] apply(float[] series) {
        float[] out = new float[features()];
        applyInto(series, 0, series.length, out, 0);
        return out;
    }

    /**
     * The features of every example of {@code samples}, one-channel series of shape [1, L];
     * labels, class names and times are kept. Series are transformed in parallel; each alone, so the
     * result does not depend on the number of threads.
     */
    public LabeledSamples apply(LabeledSamples samples) {
        int[] shape = samples.featureShape();
        if (shape.length != 2 || shape[0] != 1) {
            throw new IllegalArgumentException("ROCKET takes one-channel series of shape [1, length], got shape "
                    + Arrays.toString(shape));
        }
        int length = shape[1];
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("ROCKET needs series of at least " + MIN_LENGTH + " values (its longest kernel),"
                    + " got shape " + Arrays.toString(shape));
        }
        float[] in = samples.features();
        int n = samples.size();
        int f = features();
        float[] out = new float[n * f];
        IntStream.range(0, n).parallel().forEach(i -> applyInto(in, i * length, length, out, i * f));
        return new LabeledSamples(new int[] {f}, out, samples.labels(), samples.classNames(),
                samples.isSurvival() ? samples.times() : null);
    }

    private void applyInto(float[] series, int from, int length, float[] out, int at) {
        for (int k = 0; k < kernels.size(); k++) {
            kernels.get(k).apply(series, from, length, out, at + 2 * k);
        }
    }
}
