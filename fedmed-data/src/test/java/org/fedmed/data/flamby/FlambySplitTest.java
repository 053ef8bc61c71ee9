package org.fedmed.data.flamby;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedmed.data.DatasetCatalog;
import org.junit.jupiter.api.Test;

/**
 * FLamby's split reproduced row for row. Reference values: the MT19937 outputs for seed 5489 are those
 * of Matsumoto and Nishimura's reference implementation (mt19937ar.out) and of NumPy 1.24's
 * {@code RandomState(5489)}; the permutations are NumPy 1.24's {@code RandomState(43).permutation};
 * the test rows are what scikit-learn 1.2.1 returns for FLamby's call
 * {@code train_test_split(np.arange(n), test_size=1-0.66, train_size=0.66, random_state=43,
 * shuffle=True, stratify=labels or None)} on each hospital's complete rows (Debian bookworm's
 * python3-sklearn, run on the bundled files).
 */
class FlambySplitTest {

    private static final Path FOLDER = DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci");

    private static final Map<String, int[]> SKLEARN_TEST_ROWS = Map.of(
            "cleveland", new int[] {5, 13, 16, 24, 26, 34, 40, 42, 43, 46, 47, 48, 49, 53, 55, 56, 59, 60, 61, 63, 64, 65, 69, 72, 76, 78, 86, 87, 88, 90, 91, 93, 95, 101, 103, 104, 105, 113, 116, 123, 128, 133, 134, 135, 136, 137, 151, 152, 154, 156, 157, 160, 163, 165, 170, 171, 179, 180, 188, 190, 192, 197, 201, 202, 203, 211, 213, 215, 216, 218, 221, 223, 224, 227, 228, 233, 236, 239, 243, 246, 249, 250, 256, 257, 258, 259, 260, 264, 265, 266, 270, 283, 284, 285, 288, 289, 290, 292, 294, 295, 296, 297, 298, 301},
            "hungarian", new int[] {3, 7, 16, 21, 25, 26, 27, 28, 29, 32, 34, 35, 36, 41, 47, 48, 49, 51, 53, 58, 60, 61, 64, 68, 73, 74, 75, 84, 85, 87, 89, 91, 95, 104, 107, 110, 111, 112, 117, 118, 120, 123, 127, 128, 131, 132, 136, 137, 139, 143, 145, 149, 155, 158, 159, 161, 164, 169, 172, 179, 182, 186, 188, 189, 190, 191, 193, 194, 196, 199, 202, 203, 204, 206, 213, 219, 223, 224, 234, 236, 239, 243, 248, 250, 251, 252, 254, 258, 259},
            "switzerland", new int[] {5, 6, 7, 8, 13, 14, 18, 19, 20, 22, 24, 28, 29, 32, 40, 41},
            "va", new int[] {1, 5, 6, 9, 12, 26, 29, 33, 35, 36, 38, 39, 41, 42, 45, 47, 54, 60, 61, 62, 64, 66, 67, 68, 73, 75, 76, 78, 79, 85, 88, 92, 97, 98, 110, 111, 112, 114, 117, 118, 119, 121, 125, 127, 128}
    );

    @Test
    void theGeneratorIsNumpysLegacyMersenneTwister() {
        NumpyRandomState reference = new NumpyRandomState(5489);
        assertEquals(3499211612L, reference.nextUint32());
        assertEquals(581869302L, reference.nextUint32());
        assertEquals(3890346734L, reference.nextUint32());
        assertArrayEquals(new int[] {3, 9, 6, 8, 2, 5, 1, 7, 0, 4}, new NumpyRandomState(43).permutation(10));
        int[] p = new NumpyRandomState(43).permutation(1000);
        assertArrayEquals(new int[] {858, 986, 183, 502, 710}, Arrays.copyOf(p, 5));
    }

    @Test
    void eachHospitalsTestRowsAreScikitLearnsForFlambysCall() {
        for (String hospital : FlambyHeart.HOSPITALS) {
            List<float[]> features = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            FlambyHeart.readComplete(FOLDER.resolve("processed." + hospital + ".data"), features, labels);
            boolean[] train = FlambySplit.train(labels.stream().mapToInt(Integer::intValue).toArray(), FlambyHeart.TRAIN_FRACTION, 43);
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < train.length; i++) {
                if (!train[i]) {
                    test.add(i);
                }
            }
            assertArrayEquals(SKLEARN_TEST_ROWS.get(hospital), test.stream().mapToInt(Integer::intValue).toArray(), hospital);
        }
    }
}
