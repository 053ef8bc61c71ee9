package org.fedmed.data.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.read.ImageSet;
import org.fedmed.data.read.RawTable;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    /** 4 columns: c0 normal around 100, c1 with ~30% missing, c2 with ~80% missing, c3 constant. */
    private static RawTable synthetic(int rows, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[rows * 4];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            v[r * 4] = 100 + 15 * rng.nextGaussian();
            v[r * 4 + 1] = rng.nextDouble() < 0.3 ? Double.NaN : rng.nextDouble() * 10;
            v[r * 4 + 2] = rng.nextDouble() < 0.8 ? Double.NaN : rng.nextGaussian();
            v[r * 4 + 3] = 7;
            y[r] = r % 2;
        }
        return new RawTable("synthetic", List.of("c0", "c1", "c2", "c3"), v, y, List.of("a", "b"), null, List.of(), "");
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    @Test
    void mergedSiteStatisticsEqualThePooledFit() {
        RawTable t = DatasetCatalog.readTable("cardio", DatasetCatalog.defaultDataRoot());
        int[][] sites = {range(0, 10_000), range(10_000, 33_333), range(33_333, 56_000)};
        FeatureStats merged = FeatureStats.merge(List.of(FeatureStats.of(t, sites[0]), FeatureStats.of(t, sites[1]),
                FeatureStats.of(t, sites[2])));
        FeatureStats pooled = FeatureStats.of(t, range(0, 56_000));
        assertEquals(pooled.rows(), merged.rows());
        assertArrayEquals(pooled.observed(), merged.observed());
        TabularPreprocessor a = TabularPreprocessor.fit(merged, t.featureNames(), 0.5);
        TabularPreprocessor b = TabularPreprocessor.fit(pooled, t.featureNames(), 0.5);
        assertArrayEquals(b.keptColumns(), a.keptColumns());
        for (int c = 0; c < t.cols(); c++) {
            assertEquals(pooled.mean(c), merged.mean(c), 1e-9 * Math.abs(pooled.mean(c)));
            assertEquals(pooled.std(c), merged.std(c), 1e-9 * pooled.std(c));
            assertEquals(pooled.missingShare(c), merged.missingShare(c), 0);
        }
    }

    @Test
    void fittedOnTrainOnly() {
        RawTable t = synthetic(1000, 1);
        int[] train = range(0, 800);
        TabularPreprocessor fit = TabularPreprocessor.fit(FeatureStats.of(t, train), t.featureNames(), 0.5);
        // corrupt every test row: the fit on train must not change
        double[] corrupted = t.values().clone();
        for (int i = 800 * 4; i < corrupted.length; i++) {
            corrupted[i] = 1e6;
        }
        RawTable t2 = new RawTable("x", t.featureNames(), corrupted, t.labels(), t.classNames(), null, List.of(), "");
        assertEquals(fit, TabularPreprocessor.fit(FeatureStats.of(t2, train), t2.featureNames(), 0.5));
        // and the training features come out standardized: mean 0, std 1 (c0)
        LabeledSamples s = fit.transform(t, train);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < s.size(); i++) {
            double x = s.features()[i * s.featureSize()];
            sum += x;
            sumSq += x * x;
        }
        assertEquals(0, sum / s.size(), 1e-6);
        assertEquals(1, Math.sqrt(sumSq / s.size()), 1e-5);
    }

    @Test
    void dropsMostlyMissingColumnsAndImputesTheRest() {
        RawTable t = synthetic(500, 2);
        TabularPreprocessor fit = TabularPreprocessor.fit(FeatureStats.of(t, t.allRows()), t.featureNames(), 0.5);
        assertEquals(List.of("c0", "c1", "c3"), fit.outputNames());
        assertEquals(1, fit.droppedColumns().size());
        assertTrue(fit.droppedColumns().get(0).startsWith("c2 ("), fit.droppedColumns().toString());
        assertTrue(fit.describe().contains("more than 50% missing") && fit.describe().contains("c2"), fit.describe());
        LabeledSamples s = fit.transform(t, t.allRows());
        assertArrayEquals(new int[] {3}, s.featureShape());
        for (float x : s.features()) {
            assertFalse(Float.isNaN(x) || Float.isInfinite(x));
        }
        // imputed values are the training mean, i.e. 0 after standardization; the constant column is 0 too
        for (int r = 0; r < t.rows(); r++) {
            if (Double.isNaN(t.value(r, 1))) {
                assertEquals(0f, s.features()[r * 3 + 1]);
            }
            assertEquals(0f, s.features()[r * 3 + 2]);
        }
    }

    @Test
    void completenessCountsRowsWithoutGaps() {
        RawTable t = synthetic(200, 3);
        int complete = 0;
        for (int r = 0; r < 200; r++) {
            if (!Double.isNaN(t.value(r, 1)) && !Double.isNaN(t.value(r, 2))) {
                complete++;
            }
        }
        assertEquals(complete / 200.0, Completeness.completeShare(t, t.allRows()), 1e-12);
    }

    @Test
    void imagesScaledToUnitRange() {
        byte[] px = {0, (byte) 255, (byte) 128, 64, 0, 0, 0, 0};
        ImageSet images = new ImageSet("t", 2, 2, px, new int[] {1, 0}, List.of("a", "b"));
        LabeledSamples s = ImageScaling.UNIT.apply(images, new int[] {0});
        assertArrayEquals(new int[] {1, 2, 2}, s.featureShape());
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 64 / 255f}, s.features(), 1e-6f);
        ImageScaling fitted = ImageScaling.fit(images, new int[] {0, 1});
        LabeledSamples n = fitted.apply(images, new int[] {0, 1});
        double mean = 0;
        for (float x : n.features()) {
            mean += x / n.features().length;
        }
        assertEquals(0, mean, 1e-6);
    }
}
