package org.fedmed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.SiteUpdate;

/** Small builders shared by the core tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** One flat tensor named {@code w} holding {@code values}. */
    public static ModelWeights flat(float... values) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {values.length})), values);
    }

    public static SiteUpdate update(String site, int round, long samples, ModelWeights weights) {
        return new SiteUpdate(site, round, weights, samples, Map.of());
    }

    public static SiteUpdate update(String site, int round, long samples, ModelWeights weights, Map<String, Double> metrics) {
        return new SiteUpdate(site, round, weights, samples, metrics);
    }

    /** Element-wise comparison of float weights with hand-computed doubles. */
    public static void assertValues(double[] expected, ModelWeights actual, double tolerance) {
        assertValues(expected, actual.values(), tolerance);
    }

    public static void assertValues(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "number of values");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "value " + i);
        }
    }
}
