package org.fedmed.core.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.junit.jupiter.api.Test;

class ShapReleaseTest {

    @Test
    void clearReleaseIsTheMeanOfAbsoluteValues() {
        assertArrayEquals(new double[] {2, 1.5}, ShapRelease.meanAbs(List.of(new double[] {-3, 1}, new double[] {1, -2})), 1e-15);
    }

    @Test
    void oneRowMovesTheNoiselessClippedSumByAtMostTheClipNorm() {
        List<double[]> rows = new ArrayList<>(List.of(new double[] {0.1, 0.2}, new double[] {0.05, -0.1}));
        double clip = 0.5;
        // a curious row with huge SHAP values: clipped to norm 0.5 before it is summed
        List<double[]> withOutlier = new ArrayList<>(rows);
        withOutlier.add(new double[] {300, -400});
        double[] sumWithout = scaled(ShapRelease.noisyMeanAbs(rows, clip, 1e-300, GaussianNoise.seeded(1)), rows.size());
        double[] sumWith = scaled(ShapRelease.noisyMeanAbs(withOutlier, clip, 1e-300, GaussianNoise.seeded(1)), withOutlier.size());
        double moved = Math.hypot(sumWith[0] - sumWithout[0], sumWith[1] - sumWithout[1]);
        assertEquals(clip, moved, 1e-12);
    }

    @Test
    void noiseHasTheAskedStandardDeviation() {
        List<double[]> rows = List.of(new double[] {0, 0, 0, 0});
        GaussianNoise noise = GaussianNoise.seeded(9);
        double sq = 0;
        int draws = 4000;
        for (int i = 0; i < draws / 4; i++) {
            for (double v : ShapRelease.noisyMeanAbs(rows, 0.5, 2.0, noise)) {
                sq += v * v;
            }
        }
        // σC = 1: the sample variance of 4000 draws is within a few percent
        assertEquals(1.0, sq / draws, 0.1);
        assertNotEquals(0.0, sq);
    }

    @Test
    void siteLevelNoiseGoesOnTheMeanNotTheSum() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new double[] {0, 0});
        }
        double sq = 0;
        GaussianNoise noise = GaussianNoise.seeded(3);
        for (int i = 0; i < 1000; i++) {
            for (double v : ShapRelease.siteLevelNoisyMeanAbs(rows, 0.5, 2.0, noise)) {
                sq += v * v;
            }
        }
        // σC = 1 on the mean of 50 rows (a row-level release would have σC/50 there)
        assertEquals(1.0, sq / 2000, 0.1);
    }

    @Test
    void refusesABadClipOrNoise() {
        List<double[]> rows = List.<double[]>of(new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> ShapRelease.noisyMeanAbs(rows, 0, 1, GaussianNoise.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> ShapRelease.noisyMeanAbs(rows, 1, Double.NaN, GaussianNoise.seeded(1)));
    }

    @Test
    void aggregateWeighsSitesByRows() {
        FederatedExplanation f = FederatedExplanation.of(List.of(
                new SiteExplanation("a", 30, new double[] {1, 0}, new double[] {0.2, 0.0}, 0.1),
                new SiteExplanation("b", 10, new double[] {0, 1}, null, 0.1)));
        assertArrayEquals(new double[] {0.75, 0.25}, f.meanAbsShap(), 1e-15);
        // only site a released permutation importance: its values are the mean
        assertArrayEquals(new double[] {0.2, 0.0}, f.permutationImportance(), 1e-15);
        assertEquals(40, f.rows());
        assertArrayEquals(new int[] {1, 0}, FederatedExplanation.top(new double[] {0.1, 0.9, 0.1}, 2));
        assertEquals(1, FederatedExplanation.sharedTop(new double[] {3, 2, 1}, new double[] {3, 0, 2}, 2));
        assertNull(FederatedExplanation.of(List.of(new SiteExplanation("c", 5, new double[] {1}, null, 0))).permutationImportance());
    }

    private static double[] scaled(double[] mean, int n) {
        double[] s = mean.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= n;
        }
        return s;
    }
}
