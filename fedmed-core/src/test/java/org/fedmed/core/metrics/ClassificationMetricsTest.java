package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double TOL = 1e-12;

    /** TP = 40, FN = 10, FP = 5, TN = 45 with label 1 positive; counts[actual][predicted]. */
    private static final long[][] BINARY = {{45, 5}, {10, 40}};

    /**
     * Three classes, n = 20:
     * <pre>
     *            pred0 pred1 pred2 | row
     * actual0      5     1     0   |  6
     * actual1      2     6     2   | 10
     * actual2      0     1     3   |  4
     * column       7     8     5
     * </pre>
     */
    private static final long[][] THREE = {{5, 1, 0}, {2, 6, 2}, {0, 1, 3}};

    @Test
    void binaryConfusionMatrix() {
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(BINARY);
        assertEquals(100, cm.total());
        assertEquals(0.85, cm.accuracy(), TOL);        // (40 + 45) / 100
        assertEquals(40.0 / 45, cm.precision(1), TOL); // TP / (TP + FP)
        assertEquals(0.8, cm.recall(1), TOL);          // 40 / 50
        assertEquals(45.0 / 55, cm.precision(0), TOL);
        assertEquals(0.9, cm.recall(0), TOL);
        // p_o = 0.85; rows 50, 50; columns 55, 45 → p_e = (50·55 + 50·45) / 100² = 0.5; κ = 0.35 / 0.5 = 0.7
        assertEquals(0.7, cm.cohensKappa(), TOL);

        ClassificationMetrics m = ClassificationMetrics.fromConfusion(cm, 0.9);
        assertEquals(100, m.samples());
        assertEquals(2, m.numClasses());
        assertEquals(0.85, m.accuracy(), TOL);
        assertEquals(40.0 / 45, m.precision(), TOL);
        assertEquals(0.8, m.recall(), TOL);
        assertEquals(16.0 / 19, m.f1(), TOL);          // 2TP / (2TP + FP + FN) = 80 / 95
        assertEquals(0.7, m.kappa(), TOL);
        assertEquals(0.9, m.rocAuc());
        assertArrayEquals(BINARY, m.confusion());
    }

    @Test
    void clinicalFiguresAreTheDiseaseClasss() {
        ClassificationMetrics m = ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(BINARY), 0.9);
        assertEquals(0.8, m.sensitivity(), TOL);        // TP / (TP + FN) = 40 / 50
        assertEquals(0.9, m.specificity(), TOL);        // TN / (TN + FP) = 45 / 50
        assertEquals(40.0 / 45, m.ppv(), TOL);          // TP / (TP + FP)
        assertEquals(45.0 / 55, m.npv(), TOL);          // TN / (TN + FN)
        assertEquals(0.85, m.balancedAccuracy(), TOL);
        // a model that calls everybody healthy on a skewed test set: 90 % accurate, balanced accuracy ½, no PPV
        ClassificationMetrics lazy = ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(new long[][] {{90, 0}, {10, 0}}),
                0.5);
        assertEquals(0.9, lazy.accuracy(), TOL);
        assertEquals(0, lazy.sensitivity());
        assertEquals(0.5, lazy.balancedAccuracy(), TOL);
        assertTrue(Double.isNaN(lazy.ppv()));
        assertTrue(Double.isNaN(ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(THREE), 0.5).sensitivity()));
    }

    @Test
    void binaryMetricsFromProbabilities() {
        // the same matrix from per-example predictions: the predicted class is the more probable one
        List<Integer> labels = new ArrayList<>();
        List<Float> p1 = new ArrayList<>();
        addExamples(labels, p1, 1, 0.8f, 40); // TP
        addExamples(labels, p1, 1, 0.3f, 10); // FN
        addExamples(labels, p1, 0, 0.6f, 5);  // FP
        addExamples(labels, p1, 0, 0.1f, 45); // TN
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        float[] probs = new float[2 * y.length];
        for (int i = 0; i < y.length; i++) {
            probs[2 * i] = 1 - p1.get(i);
            probs[2 * i + 1] = p1.get(i);
        }
        ClassificationMetrics m = ClassificationMetrics.of(y, probs, 2);
        assertArrayEquals(BINARY, m.confusion());
        assertEquals(0.85, m.accuracy(), TOL);
        assertEquals(16.0 / 19, m.f1(), TOL);
        assertEquals(0.7, m.kappa(), TOL);
        // AUC from the positive-class probability over the 50 × 50 (positive, negative) pairs:
        // positives at 0.8 (40) beat every negative (0.6, 0.1): 40·50 = 2000
        // positives at 0.3 (10) beat the 45 negatives at 0.1:    10·45 = 450
        // AUC = 2450 / 2500 = 0.98
        assertEquals(0.98, m.rocAuc(), TOL);
    }

    private static void addExamples(List<Integer> labels, List<Float> p1, int label, float p, int count) {
        for (int i = 0; i < count; i++) {
            labels.add(label);
            p1.add(p);
        }
    }

    @Test
    void threeClassMacroAverages() {
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(THREE);
        assertEquals(0.7, cm.accuracy(), TOL); // 14 / 20
        // precision: 5/7, 6/8, 3/5; recall: 5/6, 6/10, 3/4
        assertEquals(5.0 / 7, cm.precision(0), TOL);
        assertEquals(0.75, cm.precision(1), TOL);
        assertEquals(0.6, cm.precision(2), TOL);
        assertEquals(5.0 / 6, cm.recall(0), TOL);
        assertEquals(0.6, cm.recall(1), TOL);
        assertEquals(0.75, cm.recall(2), TOL);
        ClassificationMetrics m = ClassificationMetrics.fromConfusion(cm, Double.NaN);
        assertEquals((5.0 / 7 + 0.75 + 0.6) / 3, m.precision(), TOL);
        assertEquals((5.0 / 6 + 0.6 + 0.75) / 3, m.recall(), TOL);
        // per-class F1 = 2TP / (2TP + FP + FN): 10/13, 12/18, 6/9
        assertEquals((10.0 / 13 + 12.0 / 18 + 6.0 / 9) / 3, m.f1(), TOL);
        // p_e = (6·7 + 10·8 + 4·5) / 20² = 142/400 = 0.355; κ = (0.7 − 0.355) / 0.645 = 23/43
        assertEquals(23.0 / 43, m.kappa(), TOL);
        assertTrue(Double.isNaN(m.rocAuc()));
    }

    @Test
    void classNeverPredictedHasZeroPrecision() {
        // class 1 never predicted and never occurring: precision and recall 0 by convention, F1 0
        ConfusionMatrix cm = ConfusionMatrix.ofCounts(new long[][] {{3, 0, 1}, {0, 0, 0}, {1, 0, 5}});
        assertEquals(0.0, cm.precision(1));
        assertEquals(0.0, cm.recall(1));
        ClassificationMetrics m = ClassificationMetrics.fromConfusion(cm, Double.NaN);
        // F1: class 0: 6/8, class 1: 0, class 2: 10/12 → macro (0.75 + 0 + 5/6) / 3
        assertEquals((0.75 + 5.0 / 6) / 3, m.f1(), TOL);
    }

    @Test
    void confusionMatrixFromLabels() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 2, 2}, new int[] {0, 1, 1, 2, 0}, 3);
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}}, cm.counts());
        long[][] copy = cm.counts();
        copy[0][0] = 99;
        assertEquals(1, cm.counts()[0][0], "counts() must copy");
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofCounts(new long[][] {{1, 2}, {3}}));
        // perfect agreement of a constant predictor on a single class: p_e = 1 → κ defined as 0
        assertEquals(0.0, ConfusionMatrix.ofCounts(new long[][] {{10, 0}, {0, 0}}).cohensKappa());
        assertTrue(Double.isNaN(ConfusionMatrix.ofCounts(new long[][] {{0, 0}, {0, 0}}).accuracy()));
    }

    @Test
    void multiClassMacroOneVsRestAuc() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        float[] p = {
            0.6f, 0.3f, 0.1f, // y=0, predicted 0
            0.3f, 0.4f, 0.3f, // y=0, predicted 1
            0.2f, 0.5f, 0.3f, // y=1, predicted 1
            0.5f, 0.2f, 0.3f, // y=1, predicted 0
            0.1f, 0.2f, 0.7f, // y=2, predicted 2
            0.3f, 0.3f, 0.4f, // y=2, predicted 2
        };
        // class 0: positives 0.6, 0.3 vs negatives 0.2, 0.5, 0.1, 0.3 → (4 + 1 + 0 + 1 + 0.5) / 8 = 6.5/8 = 0.8125
        // class 1: positives 0.5, 0.2 vs negatives 0.3, 0.4, 0.2, 0.3 → (4 + 0.5) / 8 = 0.5625
        // class 2: positives 0.7, 0.4 vs negatives 0.1, 0.3, 0.3, 0.3 → 8/8 = 1
        // macro = (0.8125 + 0.5625 + 1) / 3 = 2.375 / 3
        ClassificationMetrics m = ClassificationMetrics.of(labels, p, 3);
        assertEquals(2.375 / 3, m.rocAuc(), TOL);
        assertEquals(4.0 / 6, m.accuracy(), TOL);
        assertArrayEquals(new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 2}}, m.confusion());
        assertEquals(6, m.samples());
    }

    @Test
    void macroAucSkipsAnAbsentClass() {
        // k = 3 but class 2 never occurs: its one-vs-rest AUC is undefined and left out of the mean
        int[] labels = {0, 1, 0, 1};
        float[] p = {
            0.7f, 0.2f, 0.1f,
            0.2f, 0.6f, 0.2f,
            0.4f, 0.5f, 0.1f,
            0.5f, 0.3f, 0.2f,
        };
        // class 0: positives 0.7, 0.4 vs negatives 0.2, 0.5 → (2 + 1) / 4 = 0.75
        // class 1: positives 0.6, 0.3 vs negatives 0.2, 0.5 → (2 + 1) / 4 = 0.75
        ClassificationMetrics m = ClassificationMetrics.of(labels, p, 3);
        assertEquals(0.75, m.rocAuc(), TOL);
    }

    @Test
    void invalidInputs() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[] {0}, new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[] {0, 1}, new float[] {1, 0, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[0], new float[0], 2));
    }
}
