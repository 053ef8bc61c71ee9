package org.fedmed.core.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled examples held by one party: features stored row-major in one flat array, one integer
 * class label per example.
 *
 * <p>This is the hand-off between the readers (module data) and local training (module learn),
 * kept in core so neither depends on the other. Features are already numeric and preprocessed.
 *
 * @param featureShape shape of one example, e.g. {@code [30]} for tabular rows or {@code [1, 28, 28]} for images
 * @param features     {@code size() * featureSize()} values, example after example
 * @param labels       class index of each example, in {@code [0, classNames.size())}
 * @param classNames   human-readable class names, index = label
 * @param times        for survival data, each example's follow-up time (≥ 0), its label then being the event
 *                     indicator (1 = event observed, 0 = censored); null for classification. Survival labels ride
 *                     on the same record so that sites, partitioners and the federation loop carry them unchanged.
 */
public record LabeledSamples(int[] featureShape, float[] features, int[] labels, List<String> classNames, float[] times) {

    /** Classification examples: no times. */
    public LabeledSamples(int[] featureShape, float[] features, int[] labels, List<String> classNames) {
        this(featureShape, features, labels, classNames, null);
    }

    public LabeledSamples {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        featureShape = featureShape.clone();
        classNames = List.copyOf(classNames);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a classification task needs at least 2 classes, got " + classNames);
        }
        int fs = 1;
        for (int d : featureShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("feature shape has a non-positive dimension: " + Arrays.toString(featureShape));
            }
            fs *= d;
        }
        if ((long) labels.length * fs != features.length) {
            throw new IllegalArgumentException(labels.length + " labels with feature shape " + Arrays.toString(featureShape)
                    + " need " + ((long) labels.length * fs) + " feature values, got " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("example " + i + " has label " + labels[i] + " outside [0, " + classNames.size() + ")");
            }
        }
        if (times != null) {
            times = times.clone();
            if (times.length != labels.length || classNames.size() != 2) {
                throw new IllegalArgumentException("survival data needs one time per example and 2 classes (censored, event), got "
                        + times.length + " times for " + labels.length + " examples and classes " + classNames);
            }
            for (int i = 0; i < times.length; i++) {
                if (!(times[i] >= 0) || Float.isInfinite(times[i])) {
                    throw new IllegalArgumentException("example " + i + " has time " + times[i] + ", expected a finite time >= 0");
                }
            }
        }
    }

    /** Whether these are survival examples (times present). */
    public boolean isSurvival() {
        return times != null;
    }

    /** Each example's follow-up time, or null for classification data. */
    @Override
    public float[] times() {
        return times == null ? null : times.clone();
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Number of feature values per example. */
    public int featureSize() {
        int fs = 1;
        for (int d : featureShape) {
            fs *= d;
        }
        return fs;
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    /** Count of examples per class. */
    public long[] labelCounts() {
        long[] counts = new long[numClasses()];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /**
     * The same examples with another feature shape of the same size (the pixel columns of an image
     * study's table as {@code [1, height, width]}); the arrays are shared.
     */
    public LabeledSamples reshaped(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != featureSize()) {
            throw new IllegalArgumentException("cannot reshape " + featureSize() + " features to " + Arrays.toString(shape));
        }
        return new LabeledSamples(shape, features, labels, classNames, times);
    }

    /** The examples at {@code indices}, in that order (copied). */
    public LabeledSamples subset(int[] indices) {
        int fs = featureSize();
        float[] f = new float[indices.length * fs];
        int[] y = new int[indices.length];
        float[] t = times == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * fs, f, i * fs, fs);
            y[i] = labels[indices[i]];
            if (t != null) {
                t[i] = times[indices[i]];
            }
        }
        return new LabeledSamples(featureShape, f, y, classNames, t);
    }

    /** All examples of all parts, in order; the parts must share feature shape and classes. */
    public static LabeledSamples concat(List<LabeledSamples> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        LabeledSamples first = parts.get(0);
        int n = 0;
        for (LabeledSamples p : parts) {
            if (!Arrays.equals(p.featureShape, first.featureShape) || !p.classNames.equals(first.classNames)
                    || p.isSurvival() != first.isSurvival()) {
                throw new IllegalArgumentException("cannot concatenate samples of different shapes, classes or kinds (survival or not)");
            }
            n += p.size();
        }
        int fs = first.featureSize();
        float[] f = new float[n * fs];
        int[] y = new int[n];
        float[] t = first.isSurvival() ? new float[n] : null;
        int at = 0;
        for (LabeledSamples p : parts) {
            System.arraycopy(p.features, 0, f, at * fs, p.features.length);
            System.arraycopy(p.labels, 0, y, at, p.labels.length);
            if (t != null) {
                System.arraycopy(p.times, 0, t, at, p.times.length);
            }
            at += p.size();
        }
        return new LabeledSamples(first.featureShape, f, y, first.classNames, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledSamples s && Arrays.equals(featureShape, s.featureShape)
                && Arrays.equals(features, s.features) && Arrays.equals(labels, s.labels) && classNames.equals(s.classNames) && Arrays.equals(times, s.times);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(featureShape), Arrays.hashCode(labels), classNames);
    }

    @Override
    public String toString() {
        return "LabeledSamples[" + size() + " x " + Arrays.toString(featureShape) + ", classes=" + classNames
                + ", counts=" + Arrays.toString(labelCounts()) + "]";
    }
}
