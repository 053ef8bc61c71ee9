package org.fedmed.data.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.data.read.RawTable;
import org.junit.jupiter.api.Test;

/** The statistics a node under a budget releases: clipped to the declared ranges, noise scaled from them. */
class NoisyFeatureStatsTest {

    private static RawTable table(double[] values, int cols) {
        int rows = values.length / cols;
        List<String> names = IntStream.range(0, cols).mapToObj(c -> "f" + c).toList();
        return new RawTable("test", names, values, new int[rows], List.of("a", "b"), null, List.of(), "");
    }

    private static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void theNoiseScaleFollowsTheDeclaredRangesAndTheNumberOfReleasedNumbers() {
        FeatureRange r = new FeatureRange(20, 100); // half-width 40
        // 2 features: 6 released numbers, each scaled by its bound times sqrt(6) so the whole vector has sensitivity 1/sigma
        assertEquals(2.0 * Math.sqrt(6), NoisyFeatureStats.countStd(2, 2.0), 1e-12);
        assertEquals(2.0 * Math.sqrt(6) * 40, NoisyFeatureStats.sumStd(r, 2, 2.0), 1e-12);
        assertEquals(2.0 * Math.sqrt(6) * 1600, NoisyFeatureStats.sumSqStd(r, 2, 2.0), 1e-9);
    }

    @Test
    void releasedCountsAndSumsVaryAsTheRangesSay() {
        int rows = 2000;
        double[] values = new double[rows * 2];
        for (int i = 0; i < rows; i++) {
            // in [0, 10] (mid 5, half-width 5), missing in 10% of the rows so the count is not clamped at the row count
            values[2 * i] = i % 10 == 0 ? Double.NaN : 3 + (i % 5);
            values[2 * i + 1] = i % 2 == 0 ? Double.NaN : 1; // half missing, in [0, 2]
        }
        RawTable t = table(values, 2);
        FeatureRange[] ranges = {new FeatureRange(0, 10), new FeatureRange(0, 2)};
        FeatureStats exact = FeatureStats.of(t, all(rows));
        double sigma = 1.0;
        GaussianNoise noise = GaussianNoise.secure();
        int draws = 3000;
        double countErr = 0;
        double countErrSq = 0;
        double sumErrSq = 0;
        for (int d = 0; d < draws; d++) {
            FeatureStats s = NoisyFeatureStats.release(t, all(rows), ranges, sigma, noise, 10);
            assertEquals(rows, s.rows(), "the row count is public");
            double ce = s.observed()[0] - exact.observed()[0];
            countErr += ce;
            countErrSq += ce * ce;
            double se = s.sum()[0] - exact.sum()[0];
            sumErrSq += se * se;
        }
        double countVar = Math.pow(NoisyFeatureStats.countStd(2, sigma), 2) + 1.0 / 12; // rounding adds 1/12
        // the released sum is the centred sum plus mid * released count: both noises add
        double sumVar = Math.pow(NoisyFeatureStats.sumStd(ranges[0], 2, sigma), 2) + 25 * countVar;
        // 3,000 draws: a sample variance's relative standard deviation is about 2.6%; +-12% is 4.5 of them
        assertEquals(0, countErr / draws, 5 * Math.sqrt(countVar / draws));
        assertEquals(countVar, countErrSq / draws, 0.12 * countVar, "count noise");
        assertEquals(sumVar, sumErrSq / draws, 0.12 * sumVar, "sum noise");
    }

    @Test
    void valuesAreClippedIntoTheirRangeBeforeTheyAreSummed() {
        double[] values = new double[40];
        for (int i = 0; i < 20; i++) {
            values[2 * i] = i == 0 ? -1000 : 4;  // one outlier far below the range [0, 10]
            values[2 * i + 1] = i == 1 ? 1e6 : 1; // one far above [0, 2]
        }
        RawTable t = table(values, 2);
        FeatureRange[] ranges = {new FeatureRange(0, 10), new FeatureRange(0, 2)};
        FeatureStats s = NoisyFeatureStats.release(t, all(20), ranges, 1e-9, GaussianNoise.secure(), 10);
        assertEquals(20, s.observed()[0]);
        assertEquals(19 * 4 + 0, s.sum()[0], 1e-6, "-1000 counts as 0");
        assertEquals(19 * 16, s.sumSq()[0], 1e-6);
        assertEquals(19 * 1 + 2, s.sum()[1], 1e-6, "1e6 counts as 2");
    }

    @Test
    void aNoisyCountBelowTheMinimumIsReportedAsUnobservedAndSumsStayPlausible() {
        double[] values = new double[100];
        for (int i = 0; i < 50; i++) {
            values[2 * i] = i < 3 ? 5 : Double.NaN; // observed in 3 of 50 rows
            values[2 * i + 1] = 1;
        }
        RawTable t = table(values, 2);
        FeatureRange[] ranges = {new FeatureRange(0, 10), new FeatureRange(0, 2)};
        GaussianNoise noise = GaussianNoise.secure();
        for (int d = 0; d < 200; d++) {
            FeatureStats s = NoisyFeatureStats.release(t, all(50), ranges, 2.0, noise, 10);
            for (int c = 0; c < 2; c++) {
                long n = s.observed()[c];
                assertTrue(n == 0 || n >= 10 && n <= 50, "count " + n);
                if (n == 0) {
                    assertEquals(0, s.sum()[c]);
                    assertEquals(0, s.sumSq()[c]);
                } else {
                    double mean = s.sum()[c] / n;
                    double variance = s.sumSq()[c] / n - mean * mean;
                    assertTrue(mean >= ranges[c].min() - 1e-9 && mean <= ranges[c].max() + 1e-9, "mean " + mean);
                    assertTrue(variance >= -1e-6 && variance <= Math.pow(ranges[c].halfWidth(), 2) + 1e-6, "variance " + variance);
                }
            }
        }
    }

    @Test
    void seededNoiseAndMissingRangesAreRefused() {
        RawTable t = table(new double[] {1, 2}, 2);
        FeatureRange[] ranges = {new FeatureRange(0, 10), new FeatureRange(0, 2)};
        assertThrows(IllegalArgumentException.class, () -> NoisyFeatureStats.release(t, all(1), ranges, 1, GaussianNoise.seeded(1), 1));
        assertThrows(IllegalArgumentException.class, () -> NoisyFeatureStats.release(t, all(1), new FeatureRange[1], 1,
                GaussianNoise.secure(), 1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureRange(3, 3));
    }
}
