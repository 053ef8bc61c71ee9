package org.fedmed.data.rocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.data.prep.FeatureStats;
import org.junit.jupiter.api.Test;

class RocketFeaturesTest {

    private static final int LENGTH = 24;
    private static final List<String> CLASSES = List.of("normal", "abnormal");

    @Test
    void everyPartGetsTheSameKernelsAndTheSitesTrainingStatistics() {
        FederatedData data = data(0.0);
        FederatedData f = RocketFeatures.apply(data, 40, 5);
        assertArrayEquals(new int[] {80}, f.featureShape());
        assertEquals(data.siteIds(), f.siteIds());
        // z-scored with the merged statistics of the sites' training series: mean 0 and std 1 over them (std 0 stays 0)
        FeatureStats pooled = RocketFeatures.statistics(f.pooledTrain());
        for (int c = 0; c < 80; c++) {
            assertEquals(0, pooled.mean(c), 1e-5, "feature " + c);
            double sd = pooled.std(c);
            assertTrue(Math.abs(sd - 1) < 1e-4 || sd < 1e-6, "feature " + c + " std " + sd);
        }
        // a site's row is the transform of its own series, standardized: same kernels everywhere
        RocketTransform t = RocketTransform.draw(40, LENGTH, 5);
        float[] raw = t.apply(data.sites().get(1).train()).features();
        float[] z = f.sites().get(1).train().features();
        float[] raw0 = t.apply(data.sites().get(0).train()).features();
        float[] z0 = f.sites().get(0).train().features();
        for (int c = 0; c < 80; c++) {
            if (raw[c] != raw0[c]) {
                // (x - m) / s is one affine map per feature, the same for both sites
                double slope = (z[c] - z0[c]) / (double) (raw[c] - raw0[c]);
                assertTrue(slope > 0, "feature " + c);
            }
        }
        assertTrue(f.preprocessing().contains("ROCKET features"), f.preprocessing());
    }

    @Test
    void theTestSeriesAreNotFittedOn() {
        FederatedData a = RocketFeatures.apply(data(0.0), 40, 5);
        FederatedData b = RocketFeatures.apply(data(2.5), 40, 5);
        // other global test series: the sites' features do not move, the test features do
        assertArrayEquals(a.sites().get(0).train().features(), b.sites().get(0).train().features());
        assertArrayEquals(a.sites().get(2).test().features(), b.sites().get(2).test().features());
        assertNotEquals(a.globalTest().features()[1], b.globalTest().features()[1]);
    }

    @Test
    void anotherSeedDrawsAnotherTransform() {
        FederatedData a = RocketFeatures.apply(data(0.0), 40, 5);
        FederatedData b = RocketFeatures.apply(data(0.0), 40, 6);
        assertFalse(Arrays.equals(a.globalTest().features(), b.globalTest().features()));
        assertArrayEquals(a.globalTest().features(), RocketFeatures.apply(data(0.0), 40, 5).globalTest().features());
    }

    /** Three sites of 4 training and 2 test series, and 4 global test series shifted by {@code testShift}. */
    private static FederatedData data(double testShift) {
        List<SiteData> sites = List.of(site("site-1", 0), site("site-2", 10), site("site-3", 20));
        return new FederatedData("ecg-test", sites, series(4, 30, testShift), List.of(), "UCR series.");
    }

    private static SiteData site(String id, int offset) {
        return new SiteData(id, series(4, offset, 0), series(2, offset + 5, 0), 1.0);
    }

    private static LabeledSamples series(int n, int offset, double shift) {
        float[] v = new float[n * LENGTH];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] w = RocketTransformTest.wave(LENGTH, 0.7 * (offset + i));
            for (int j = 0; j < LENGTH; j++) {
                v[i * LENGTH + j] = (float) (w[j] * (1 + 0.1 * i) + shift);
            }
            labels[i] = i % 2;
        }
        return new LabeledSamples(new int[] {1, LENGTH}, v, labels, CLASSES);
    }
}
