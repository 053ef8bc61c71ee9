package org.fedmed.data.split;

import java.util.Arrays;
import java.util.Random;
import org.fedmed.core.random.Shuffle;

/**
 * Seeded stratified train/test split. The test set gets {@code ceil(n * testFraction)} rows (as
 * scikit-learn's {@code train_test_split} does, so published protocols such as WDBC's 114 test rows
 * are reproduced), shared among classes by largest remainder: each class's share of the test set
 * matches its share overall within one row. Minimum sizes are then enforced by moving single rows
 * (needed for tiny sites).
 */
public final class StratifiedSplit {

    /** Row indices of each side, ascending. */
    public record Split(int[] train, int[] test) {
    }

    private StratifiedSplit() {
    }

    /**
     * @param labels       label of every row of the table (indexed by row)
     * @param rows         the rows to split
     * @param numClasses   number of classes
     * @param testFraction share of rows for test, in [0, 1)
     * @param minTrain     least rows train must keep
     * @param minTest      least rows test must get
     */
    public static Split split(int[] labels, int[] rows, int numClasses, double testFraction, int minTrain, int minTest,
                              Random rng) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        if (rows.length < minTrain + minTest) {
            throw new IllegalArgumentException("cannot split " + rows.length + " rows into at least " + minTrain
                    + " train and " + minTest + " test rows");
        }
        int[][] byClass = new int[numClasses][];
        int[] counts = new int[numClasses];
        for (int r : rows) {
            counts[labels[r]]++;
        }
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int r : rows) {
            byClass[labels[r]][fill[labels[r]]++] = r;
        }
        int[] testCount = new int[numClasses];
        double[] remainder = new double[numClasses];
        int totalTest = 0;
        for (int c = 0; c < numClasses; c++) {
            Shuffle.inPlace(byClass[c], rng);
            double exact = counts[c] * testFraction;
            testCount[c] = (int) Math.floor(exact + 1e-9);
            remainder[c] = exact - testCount[c];
            totalTest += testCount[c];
        }
        int target = (int) Math.ceil(rows.length * testFraction - 1e-9);
        while (totalTest < target) {
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            testCount[best]++;
            remainder[best] = -1;
            totalTest++;
        }
        // too few test rows: take from the class with most train rows; too few train rows: give back from most test rows
        while (totalTest < minTest) {
            testCount[argMax(counts, testCount, true)]++;
            totalTest++;
        }
        while (rows.length - totalTest < minTrain) {
            testCount[argMax(counts, testCount, false)]--;
            totalTest--;
        }
        int[] train = new int[rows.length - totalTest];
        int[] test = new int[totalTest];
        int a = 0;
        int b = 0;
        for (int c = 0; c < numClasses; c++) {
            for (int i = 0; i < counts[c]; i++) {
                if (i < testCount[c]) {
                    test[b++] = byClass[c][i];
                } else {
                    train[a++] = byClass[c][i];
                }
            }
        }
        Arrays.sort(train);
        Arrays.sort(test);
        return new Split(train, test);
    }

    /** The class with the most train rows (trainSide) or the most test rows. */
    private static int argMax(int[] counts, int[] testCount, boolean trainSide) {
        int best = -1;
        int bestValue = 0;
        for (int c = 0; c < counts.length; c++) {
            int v = trainSide ? counts[c] - testCount[c] : testCount[c];
            if (v > bestValue) {
                best = c;
                bestValue = v;
            }
        }
        return best;
    }
}
