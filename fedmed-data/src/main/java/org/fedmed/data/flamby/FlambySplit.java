package org.fedmed.data.flamby;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * FLamby's per-center train/test split, row for row. FLamby's Fed-Heart-Disease calls scikit-learn's
 * {@code train_test_split(range(n), train_size=0.66, test_size=1-0.66, random_state=43, shuffle=True,
 * stratify=labels)}, stratifying only when every class has more than two rows (Switzerland, with one
 * healthy row, is split plainly). Reproducing that call (scikit-learn's documented
 * {@code StratifiedShuffleSplit} / {@code ShuffleSplit} procedure over NumPy's legacy generator,
 * {@link NumpyRandomState}) puts exactly FLamby's rows in each test set, so a comparison with FLamby's
 * published figures is not blurred by a different draw. Checked against scikit-learn 1.2.1 / NumPy 1.24
 * in the tests.
 *
 * <p>The procedure: n_test = ⌈(1 − f)·n⌉ and n_train = ⌊f·n⌋. Plain: the first n_test entries of
 * {@code permutation(n)} are the test rows. Stratified: each class c gets n_c·n_train/n training rows
 * rounded down, the places left over going to the largest remainders (ties broken by a permutation of
 * the tied classes), then the same for the test rows from what remains; each class's rows (in index
 * order) are taken in the order of {@code permutation(n_c)}, training rows first.
 */
final class FlambySplit {

    private FlambySplit() {
    }

    /** Whether each row trains, for the given labels (classes 0..k−1), training fraction and seed. */
    static boolean[] train(int[] labels, double trainFraction, long seed) {
        int n = labels.length;
        int nTest = (int) Math.ceil((1.0 - trainFraction) * n);
        int nTrain = (int) Math.floor(trainFraction * n);
        int k = Arrays.stream(labels).max().orElse(-1) + 1;
        int[] count = new int[k];
        for (int y : labels) {
            count[y]++;
        }
        NumpyRandomState rng = new NumpyRandomState(seed);
        boolean[] inTrain = new boolean[n];
        if (!stratifiable(count)) {
            int[] p = rng.permutation(n);
            for (int i = nTest; i < nTest + nTrain; i++) {
                inTrain[p[i]] = true;
            }
            return inTrain;
        }
        int[] trainShare = approximateMode(count, nTrain, rng);
        int[] remaining = new int[k];
        for (int c = 0; c < k; c++) {
            remaining[c] = count[c] - trainShare[c];
        }
        approximateMode(remaining, nTest, rng); // draws from the stream; every row not training is a test row here
        for (int c = 0; c < k; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            int[] p = rng.permutation(members.size());
            for (int i = 0; i < trainShare[c]; i++) {
                inTrain[members.get(p[i])] = true;
            }
        }
        return inTrain;
    }

    /** FLamby stratifies when there are at least two classes, each with more than two rows. */
    private static boolean stratifiable(int[] count) {
        int present = 0;
        for (int c : count) {
            if (c > 0) {
                present++;
            }
            if (c > 0 && c <= 2) {
                return false;
            }
        }
        return present > 1;
    }

    /** scikit-learn's {@code _approximate_mode}: draws per class summing to {@code draws}, near the proportional share. */
    private static int[] approximateMode(int[] count, int draws, NumpyRandomState rng) {
        int total = Arrays.stream(count).sum();
        double[] continuous = new double[count.length];
        int[] out = new int[count.length];
        int need = draws;
        for (int c = 0; c < count.length; c++) {
            continuous[c] = (double) count[c] / total * draws;
            out[c] = (int) Math.floor(continuous[c]);
            need -= out[c];
        }
        if (need <= 0) {
            return out;
        }
        TreeSet<Double> remainders = new TreeSet<>();
        for (int c = 0; c < count.length; c++) {
            remainders.add(continuous[c] - Math.floor(continuous[c]));
        }
        for (double value : remainders.descendingSet()) {
            List<Integer> tied = new ArrayList<>();
            for (int c = 0; c < count.length; c++) {
                if (continuous[c] - Math.floor(continuous[c]) == value) {
                    tied.add(c);
                }
            }
            int add = Math.min(tied.size(), need);
            int[] p = rng.permutation(tied.size()); // NumPy's choice without replacement: a permutation's head
            for (int i = 0; i < add; i++) {
                out[tied.get(p[i])]++;
            }
            need -= add;
            if (need == 0) {
                break;
            }
        }
        return out;
    }
}
