package org.fedmed.data.flamby;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.DatasetCatalog;
import org.junit.jupiter.api.Test;

class FlambyHeartTest {

    private static final Path FOLDER = DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci");

    @Test
    void keepsFlambysRowsAndThirteenFeatures() {
        FlambyHeart data = FlambyHeart.load(FOLDER, 43);
        assertEquals(4, data.train().size());
        int rows = 0;
        int[] perHospital = new int[4];
        for (int h = 0; h < 4; h++) {
            perHospital[h] = data.train().get(h).size() + data.test().get(h).size();
            rows += perHospital[h];
            assertArrayEquals(new int[] {13}, data.train().get(h).featureShape());
            assertArrayEquals(new int[] {13}, data.test().get(h).featureShape());
        }
        assertEquals(FlambyHeart.ROWS, rows);
        assertEquals(740, rows);
        // Switzerland keeps its rows although chol is 0 in every one of them
        assertTrue(perHospital[2] > 40, "switzerland: " + perHospital[2]);
        assertEquals(rows, data.pooledTrain().size() + data.pooledTest().size());
    }

    @Test
    void eachHospitalIsStandardizedWithItsOwnTrainingStatistics() {
        FlambyHeart data = FlambyHeart.load(FOLDER, 43);
        int constantColumns = 0;
        for (int h = 0; h < 4; h++) {
            LabeledSamples t = data.train().get(h);
            int n = t.size();
            int d = 13;
            for (int j = 0; j < d; j++) {
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double v = t.features()[i * d + j];
                    sum += v;
                    sq += v * v;
                }
                double mean = sum / n;
                double sd = Math.sqrt((sq - n * mean * mean) / (n - 1)); // sample sd, as FLamby's torch.std
                assertEquals(0.0, mean, 1e-5, "hospital " + h + " column " + FlambyHeart.FEATURES.get(j));
                if (sd < 1e-6) {
                    constantColumns++;  // e.g. chol in Switzerland: centred, nothing to scale
                } else {
                    assertEquals(1.0, sd, 1e-4, "hospital " + h + " column " + FlambyHeart.FEATURES.get(j));
                }
            }
        }
        assertTrue(constantColumns < 8, constantColumns + " constant columns");
    }

    @Test
    void thePooledSetsAreStandardizedWithThePooledTrainingStatistics() {
        FlambyHeart data = FlambyHeart.load(FOLDER, 43);
        LabeledSamples t = data.pooledTrain();
        int d = 13;
        for (int j = 0; j < d; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < t.size(); i++) {
                double v = t.features()[i * d + j];
                sum += v;
                sq += v * v;
            }
            double mean = sum / t.size();
            assertEquals(0.0, mean, 1e-5, "column " + FlambyHeart.FEATURES.get(j));
            assertEquals(1.0, Math.sqrt((sq - t.size() * mean * mean) / (t.size() - 1)), 1e-4, "column " + FlambyHeart.FEATURES.get(j));
        }
        // the same examples as the hospitals' sets, in hospital order, only scaled differently: labels line up
        int at = 0;
        for (LabeledSamples h : data.test()) {
            for (int i = 0; i < h.size(); i++) {
                assertEquals(h.labels()[i], data.pooledTest().labels()[at++]);
            }
        }
        assertEquals(at, data.pooledTest().size());
        // pooled and per-hospital scaling differ (chol is 0 throughout Switzerland but not elsewhere)
        assertNotEquals(data.test().get(0).features()[0], data.pooledTest().features()[0]);
    }

    @Test
    void stratifiedSplitKeepsClassSharesWithinOneExample() {
        FlambyHeart data = FlambyHeart.load(FOLDER, 7);
        for (int h : new int[] {0, 1, 3}) { // Switzerland (2) has one healthy row: FLamby splits it unstratified
            long[] train = data.train().get(h).labelCounts();
            long[] test = data.test().get(h).labelCounts();
            int n = data.train().get(h).size() + data.test().get(h).size();
            assertEquals((int) Math.floor(FlambyHeart.TRAIN_FRACTION * n), data.train().get(h).size());
            for (int c = 0; c < 2; c++) {
                double expected = FlambyHeart.TRAIN_FRACTION * (train[c] + test[c]);
                assertTrue(Math.abs(train[c] - expected) <= 1.0,
                        "hospital " + h + " class " + c + ": " + train[c] + " training examples, expected about " + expected);
            }
        }
    }

    @Test
    void theSplitFollowsItsSeed() {
        FlambyHeart a = FlambyHeart.load(FOLDER, 1);
        FlambyHeart b = FlambyHeart.load(FOLDER, 1);
        FlambyHeart c = FlambyHeart.load(FOLDER, 2);
        assertArrayEquals(a.train().get(0).features(), b.train().get(0).features());
        assertFalse(Arrays.equals(a.train().get(0).features(), c.train().get(0).features()));
    }
}
