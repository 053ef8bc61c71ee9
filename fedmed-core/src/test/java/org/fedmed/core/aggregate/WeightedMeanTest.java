package org.fedmed.core.aggregate;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.SamplingStrategy;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

/** Weighted mean and FedAvg, with every expected value worked out by hand. */
class WeightedMeanTest {

    private static final double TOL = 1e-6;

    // A = [1, 0, 2] (n=10), B = [3, -1, 0] (n=30), C = [0, 2, 4] (n=60)
    private static final ModelWeights A = flat(1, 0, 2);
    private static final ModelWeights B = flat(3, -1, 0);
    private static final ModelWeights C = flat(0, 2, 4);

    private static List<SiteUpdate> updates(Map<String, Double> ma, Map<String, Double> mb, Map<String, Double> mc) {
        return List.of(update("A", 1, 10, A, ma), update("B", 1, 30, B, mb), update("C", 1, 60, C, mc));
    }

    @Test
    void sampleCountWeightedMeanOfThreeUpdates() {
        // weights 10:30:60 → 0.1, 0.3, 0.6
        // w[0] = 0.1·1 + 0.3·3  + 0.6·0 = 1.0
        // w[1] = 0.1·0 + 0.3·-1 + 0.6·2 = 0.9
        // w[2] = 0.1·2 + 0.3·0  + 0.6·4 = 2.6
        double[] expected = {1.0, 0.9, 2.6};
        assertValues(expected, WeightedMean.of(new ModelWeights[] {A, B, C}, new double[] {10, 30, 60}), TOL);
        assertValues(expected, WeightedMean.of(SamplingStrategy.contributions(updates(Map.of(), Map.of(), Map.of())), AggregationWeighting.SAMPLE_COUNT), TOL);
        ModelWeights fedavg = new FedAvg(StrategyOptions.defaults()).aggregateFit(1, flat(0, 0, 0),
                updates(Map.of(), Map.of(), Map.of()));
        assertValues(expected, fedavg, TOL);
        assertEquals(A.specs(), fedavg.specs());
        // only the ratios matter: 1:3:6 gives the same mean
        assertValues(expected, WeightedMean.of(new ModelWeights[] {A, B, C}, new double[] {1, 3, 6}), TOL);
    }

    @Test
    void meanSpansSeveralCacheBlocks() {
        // 20,000 parameters cross the 8192-value blocks: x_i = i and y_i = -i with weights 3:1 → 0.5·i
        int n = 20_000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = -i;
        }
        float[] mean = WeightedMean.of(new ModelWeights[] {flat(x), flat(y)}, new double[] {3, 1}).values();
        for (int i = 0; i < n; i++) {
            assertEquals(0.5 * i, mean[i], 1e-6 * Math.max(1, i), "value " + i);
        }
    }

    @Test
    void zeroWeightsAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightedMean.of(new ModelWeights[] {A, B}, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("sum to zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(new ModelWeights[] {A, B}, new double[] {-1, 2}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(new ModelWeights[] {A, B}, new double[] {Double.NaN, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedMean.of(new ModelWeights[] {A, B}, new double[] {Double.POSITIVE_INFINITY, 2}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(new ModelWeights[] {A, B}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(new ModelWeights[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.<Contribution>of(), AggregationWeighting.SAMPLE_COUNT));
    }

    @Test
    void layoutMismatchIsAnError() {
        ModelWeights other = ModelWeights.of(List.of(new TensorSpec("v", new int[] {3})), new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightedMean.of(new ModelWeights[] {A, B, other}, new double[] {1, 1, 1}));
        assertTrue(e.getMessage().contains("update 2"), e.getMessage());
        assertTrue(e.getMessage().contains("v[3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WeightedMean.of(new ModelWeights[] {A, flat(1, 2)}, new double[] {1, 1}));
    }

    @Test
    void validationScoreWeighting() {
        // val_accuracy 0.5, 1.0, 0.25 → weights 10·0.5 = 5, 30·1 = 30, 60·0.25 = 15; total 50 → 0.1, 0.6, 0.3
        List<SiteUpdate> u = updates(Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.5), Map.of(SiteUpdate.VALIDATION_ACCURACY, 1.0),
                Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.25));
        assertEquals(5.0, AggregationWeighting.VALIDATION_SCORE.weight(u.get(0).contribution()), 1e-12);
        assertEquals(30.0, AggregationWeighting.VALIDATION_SCORE.weight(u.get(1).contribution()), 1e-12);
        assertEquals(15.0, AggregationWeighting.VALIDATION_SCORE.weight(u.get(2).contribution()), 1e-12);
        // w[0] = 0.1·1 + 0.6·3 + 0.3·0 = 1.9
        // w[1] = 0.1·0 + 0.6·-1 + 0.3·2 = 0.0
        // w[2] = 0.1·2 + 0.6·0 + 0.3·4 = 1.4
        double[] expected = {1.9, 0.0, 1.4};
        assertValues(expected, WeightedMean.of(SamplingStrategy.contributions(u), AggregationWeighting.VALIDATION_SCORE), TOL);
        FedAvg fedavg = new FedAvg(StrategyOptions.defaults().withWeighting(AggregationWeighting.VALIDATION_SCORE));
        assertValues(expected, fedavg.aggregateFit(1, flat(0, 0, 0), u), TOL);
    }

    @Test
    void dataQualityWeighting() {
        // completeness 1.0, 0.5, 0.75 → weights 10, 15, 45; total 70
        List<SiteUpdate> u = updates(Map.of(SiteUpdate.COMPLETENESS, 1.0), Map.of(SiteUpdate.COMPLETENESS, 0.5),
                Map.of(SiteUpdate.COMPLETENESS, 0.75));
        assertEquals(10.0, AggregationWeighting.DATA_QUALITY.weight(u.get(0).contribution()), 1e-12);
        assertEquals(15.0, AggregationWeighting.DATA_QUALITY.weight(u.get(1).contribution()), 1e-12);
        assertEquals(45.0, AggregationWeighting.DATA_QUALITY.weight(u.get(2).contribution()), 1e-12);
        // w[0] = (10·1 + 15·3 + 45·0) / 70 = 55/70  = 11/14
        // w[1] = (10·0 − 15·1 + 45·2) / 70 = 75/70  = 15/14
        // w[2] = (10·2 + 15·0 + 45·4) / 70 = 200/70 = 20/7
        assertValues(new double[] {11.0 / 14, 15.0 / 14, 20.0 / 7}, WeightedMean.of(SamplingStrategy.contributions(u), AggregationWeighting.DATA_QUALITY), TOL);
        // the sample count alone ignores the metrics
        assertEquals(30.0, AggregationWeighting.SAMPLE_COUNT.weight(u.get(1).contribution()), 1e-12);
    }

    @Test
    void missingOrInvalidScoreNamesTheSite() {
        List<SiteUpdate> u = updates(Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.5), Map.of(SiteUpdate.COMPLETENESS, 1.0),
                Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.25));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightedMean.of(SamplingStrategy.contributions(u), AggregationWeighting.VALIDATION_SCORE));
        assertTrue(e.getMessage().contains("site B"), e.getMessage());
        assertTrue(e.getMessage().contains(SiteUpdate.VALIDATION_ACCURACY), e.getMessage());

        SiteUpdate outOfRange = update("D", 3, 10, A, Map.of(SiteUpdate.COMPLETENESS, 1.5));
        e = assertThrows(IllegalArgumentException.class, () -> AggregationWeighting.DATA_QUALITY.weight(outOfRange.contribution()));
        assertTrue(e.getMessage().contains("site D round 3"), e.getMessage());
        SiteUpdate nan = update("E", 1, 10, A, Map.of(SiteUpdate.COMPLETENESS, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AggregationWeighting.DATA_QUALITY.weight(nan.contribution()));

        // every score zero → all weights zero → error rather than a silent NaN model
        List<SiteUpdate> zeros = updates(Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.0), Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.0),
                Map.of(SiteUpdate.VALIDATION_ACCURACY, 0.0));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(SamplingStrategy.contributions(zeros), AggregationWeighting.VALIDATION_SCORE));
    }

    @Test
    void parseWeighting() {
        assertEquals(AggregationWeighting.SAMPLE_COUNT, AggregationWeighting.parse("samples"));
        assertEquals(AggregationWeighting.VALIDATION_SCORE, AggregationWeighting.parse(" Validation "));
        assertEquals(AggregationWeighting.DATA_QUALITY, AggregationWeighting.parse("DATA_QUALITY"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AggregationWeighting.parse("median"));
        assertTrue(e.getMessage().contains("median"), e.getMessage());
    }

    @Test
    void fusedPassesGiveTheBitsOfOnePassPerUpdate() {
        Random r = new Random(5);
        int n = 20_000; // more than two blocks
        for (int k = 1; k <= 10; k++) {
            ModelWeights[] models = new ModelWeights[k];
            double[] w = new double[k];
            for (int j = 0; j < k; j++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) r.nextGaussian();
                }
                models[j] = flat(v);
                w[j] = 1 + r.nextInt(500);
            }
            double total = Arrays.stream(w).sum();
            float[] expected = new float[n];
            for (int j = 0; j < k; j++) {
                float s = (float) (w[j] / total);
                for (int i = 0; i < n; i++) {
                    expected[i] = j == 0 ? s * models[0].values()[i] : expected[i] + s * models[j].values()[i];
                }
            }
            assertArrayEquals(expected, WeightedMean.of(models, w).values(), 0f, k + " updates");
        }
    }
}
