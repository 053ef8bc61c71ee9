package org.fedmed.core.metrics;

import java.util.Arrays;

/**
 * The figures a clinician or an auditor reads for a classifier.
 *
 * <p>For two classes, precision, recall and F1 are those of the positive class (label 1) and ROC
 * AUC is computed from the positive-class probability. For more classes they are macro averages
 * over classes (one-vs-rest for AUC). Cohen's kappa is agreement beyond chance from the confusion
 * matrix. Every bundled dataset codes its disease class as label 1, so for two classes the
 * clinical figures ({@link #sensitivity}, {@link #specificity}, {@link #ppv}, {@link #npv},
 * {@link #balancedAccuracy}) are the disease class's.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record ClassificationMetrics(long samples, double accuracy, double precision, double recall, double f1,
                                    double rocAuc, double kappa, long[][] confusion) {

    public int numClasses() {
        return confusion.length;
    }

    /**
     * Computes all metrics from true labels and class probabilities ({@code labels.length * k}
     * values, row per example). The predicted class is the most probable one.
     */
    public static ClassificationMetrics of(int[] labels, float[] probabilities, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + k);
        }
        if ((long) labels.length * k != probabilities.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + ((long) labels.length * k)
                    + " probabilities, got " + probabilities.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        int n = labels.length;
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[i * k + c] > probabilities[i * k + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        ConfusionMatrix cm = ConfusionMatrix.of(labels, predicted, k);
        double auc;
        if (k == 2) {
            auc = RocAuc.binary(labels, column(probabilities, k, 1), 1);
        } else {
            double sum = 0;
            int counted = 0;
            for (int c = 0; c < k; c++) {
                double a = RocAuc.binary(labels, column(probabilities, k, c), c);
                if (!Double.isNaN(a)) {
                    sum += a;
                    counted++;
                }
            }
            auc = counted == 0 ? Double.NaN : sum / counted;
        }
        return fromConfusion(cm, auc);
    }

    /** Metrics derived from a confusion matrix, with a separately computed AUC (may be NaN). */
    public static ClassificationMetrics fromConfusion(ConfusionMatrix cm, double rocAuc) {
        int k = cm.numClasses();
        double precision;
        double recall;
        double f1;
        if (k == 2) {
            precision = cm.precision(1);
            recall = cm.recall(1);
            f1 = f1(precision, recall);
        } else {
            double p = 0;
            double r = 0;
            double f = 0;
            for (int c = 0; c < k; c++) {
                double pc = cm.precision(c);
                double rc = cm.recall(c);
                p += pc;
                r += rc;
                f += f1(pc, rc);
            }
            precision = p / k;
            recall = r / k;
            f1 = f / k;
        }
        return new ClassificationMetrics(cm.total(), cm.accuracy(), precision, recall, f1, rocAuc, cm.cohensKappa(),
                cm.counts());
    }

    /** Sensitivity (true-positive rate) of class 1, the disease class; NaN for more than two classes or no positive case. */
    public double sensitivity() {
        return binaryRate(1, 1);
    }

    /** Specificity (true-negative rate): the share of class-0 cases called class 0; NaN when undefined. */
    public double specificity() {
        return binaryRate(0, 0);
    }

    /** Positive predictive value: the share of class-1 calls that are class 1; NaN when undefined. */
    public double ppv() {
        return predictiveValue(1);
    }

    /** Negative predictive value: the share of class-0 calls that are class 0; NaN when undefined. */
    public double npv() {
        return predictiveValue(0);
    }

    /** The mean of sensitivity and specificity, which a skewed test set cannot flatter; NaN when undefined. */
    public double balancedAccuracy() {
        return (sensitivity() + specificity()) / 2;
    }

    /** Of the actual class-{@code actual} cases, the share predicted {@code actual}. */
    private double binaryRate(int actual, int predicted) {
        if (confusion.length != 2) {
            return Double.NaN;
        }
        long row = confusion[actual][0] + confusion[actual][1];
        return row == 0 ? Double.NaN : (double) confusion[actual][predicted] / row;
    }

    private double predictiveValue(int called) {
        if (confusion.length != 2) {
            return Double.NaN;
        }
        long column = confusion[0][called] + confusion[1][called];
        return column == 0 ? Double.NaN : (double) confusion[called][called] / column;
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static double[] column(float[] probabilities, int k, int c) {
        double[] col = new double[probabilities.length / k];
        for (int i = 0; i < col.length; i++) {
            col[i] = probabilities[i * k + c];
        }
        return col;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationMetrics m && samples == m.samples && Double.compare(accuracy, m.accuracy) == 0
                && Double.compare(rocAuc, m.rocAuc) == 0 && Arrays.deepEquals(confusion, m.confusion);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(confusion) * 31 + Double.hashCode(rocAuc);
    }

    @Override
    public String toString() {
        return String.format("acc=%.4f prec=%.4f rec=%.4f f1=%.4f auc=%.4f kappa=%.4f n=%d",
                accuracy, precision, recall, f1, rocAuc, kappa, samples);
    }
}
