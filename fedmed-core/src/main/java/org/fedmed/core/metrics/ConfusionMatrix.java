package org.fedmed.core.metrics;

/** Counts of (actual, predicted) class pairs. */
public final class ConfusionMatrix {

    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    public static ConfusionMatrix of(int[] actual, int[] predicted, int k) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " labels but " + predicted.length + " predictions");
        }
        long[][] m = new long[k][k];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("example " + i + ": class outside [0, " + k + ")");
            }
            m[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(m);
    }

    /** From a ready count table {@code counts[actual][predicted]} (copied). */
    public static ConfusionMatrix ofCounts(long[][] counts) {
        long[][] m = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
            m[i] = counts[i].clone();
        }
        return new ConfusionMatrix(m);
    }

    public int numClasses() {
        return counts.length;
    }

    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) correct / t;
    }

    /** TP / (TP + FP) for class {@code c}; 0 when the class is never predicted. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** TP / (TP + FN) for class {@code c}; 0 when the class never occurs. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    /** Cohen's kappa: (p_o − p_e) / (1 − p_e); 0 when chance agreement is already perfect. */
    public double cohensKappa() {
        double n = total();
        if (n == 0) {
            return Double.NaN;
        }
        int k = counts.length;
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            observed += counts[c][c];
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < k; j++) {
                rowSum += counts[c][j];
                colSum += counts[j][c];
            }
            expected += rowSum * colSum;
        }
        double po = observed / n;
        double pe = expected / (n * n);
        return pe >= 1 ? 0 : (po - pe) / (1 - pe);
    }
}
