package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer;
import org.fedmed.core.round.SiteUpdate;
import org.junit.jupiter.api.Test;

/**
 * FedAdam, FedYogi, FedAdagrad over two rounds, worked by hand from Reddi et al. 2021, Algorithm 2
 * (no bias correction, v₀ = τ²): Δ = mean − w; m = β1 m + (1 − β1) Δ; v by the variant;
 * w = w + η m / (√v + τ).
 *
 * <p>Hyper-parameters η = 1, β1 = 0.5, β2 = 0.75, τ = 0.5 (so v₀ = 0.25). Start w₀ = [0, 1, 0.5].
 * Round 1: A (n=1) [2, 0, 0.6], B (n=3) [2, 2, 0.6] → mean [2, 1.5, 0.6], Δ1 = [2, 0.5, 0.1],
 * m1 = [1, 0.25, 0.05]. Round 2: both sites send [1, 2, 0.5] → mean [1, 2, 0.5].
 */
class FedOptTest {

    private static final double TOL = 1e-6;
    private static final AdaptiveServerOptimizer.Hyper HYPER = new AdaptiveServerOptimizer.Hyper(1.0, 0.5, 0.75, 0.5);
    private static final ModelWeights W0 = flat(0, 1, 0.5f);

    private static List<SiteUpdate> round1() {
        return List.of(update("A", 1, 1, flat(2, 0, 0.6f)), update("B", 1, 3, flat(2, 2, 0.6f)));
    }

    private static List<SiteUpdate> round2() {
        return List.of(update("A", 2, 1, flat(1, 2, 0.5f)), update("B", 2, 3, flat(1, 2, 0.5f)));
    }

    @Test
    void fedAdamTwoRounds() {
        FedAdam s = new FedAdam(StrategyOptions.defaults(), HYPER);
        // v1 = 0.75·0.25 + 0.25·Δ1² = 0.1875 + 0.25·[4, 0.25, 0.01] = [1.1875, 0.25, 0.19]
        // w1 = [0 + 1/(√1.1875 + 0.5), 1 + 0.25/(0.5 + 0.5), 0.5 + 0.05/(√0.19 + 0.5)]
        ModelWeights w1 = s.aggregateFit(1, W0, round1());
        double[] e1 = {1 / (Math.sqrt(1.1875) + 0.5), 1.25, 0.5 + 0.05 / (Math.sqrt(0.19) + 0.5)};
        assertValues(new double[] {0.6290397182775129, 1.25, 0.5534250880382772}, w1, TOL);
        assertValues(e1, w1, TOL);
        // Δ2 = [1 − 0.629040, 2 − 1.25, 0.5 − 0.553425] = [0.370960, 0.75, −0.053425]
        // m2 = 0.5·m1 + 0.5·Δ2 = [0.685480, 0.5, −0.001713]
        // v2 = 0.75·v1 + 0.25·Δ2² = [0.925028, 0.328125, 0.143214]
        // w2 = w1 + m2/(√v2 + 0.5)
        ModelWeights w2 = s.aggregateFit(2, w1, round2());
        double[] d2 = {1 - e1[0], 0.75, 0.5 - e1[2]};
        double[] m2 = {0.5 * 1 + 0.5 * d2[0], 0.5 * 0.25 + 0.5 * d2[1], 0.5 * 0.05 + 0.5 * d2[2]};
        double[] v2 = {0.75 * 1.1875 + 0.25 * d2[0] * d2[0], 0.75 * 0.25 + 0.25 * d2[1] * d2[1], 0.75 * 0.19 + 0.25 * d2[2] * d2[2]};
        assertEquals(0.328125, v2[1], 1e-15);
        double[] e2 = new double[3];
        for (int i = 0; i < 3; i++) {
            e2[i] = e1[i] + m2[i] / (Math.sqrt(v2[i]) + 0.5);
        }
        assertValues(new double[] {1.0979737620597523, 1.716060555964672, 0.5514755497076438}, w2, TOL);
        assertValues(e2, w2, TOL);
    }

    @Test
    void fedYogiTwoRounds() {
        FedYogi s = new FedYogi(StrategyOptions.defaults(), HYPER);
        // v1 = v0 − 0.25·Δ1²·sign(v0 − Δ1²), v0 = 0.25, Δ1² = [4, 0.25, 0.01]
        //    [0]: sign(0.25 − 4) = −1    → 0.25 + 0.25·4    = 1.25
        //    [1]: sign(0.25 − 0.25) = 0  → 0.25 (unchanged)
        //    [2]: sign(0.25 − 0.01) = +1 → 0.25 − 0.25·0.01 = 0.2475
        // w1 = [1/(√1.25 + 0.5), 1 + 0.25/1, 0.5 + 0.05/(√0.2475 + 0.5)] = [0.618034, 1.25, 0.550126]
        ModelWeights w1 = s.aggregateFit(1, W0, round1());
        assertValues(new double[] {0.6180339887498948, 1.25, 0.5501256289338005}, w1, TOL);
        // Δ2 = [0.381966, 0.75, −0.050126]; m2 = [0.690983, 0.5, −0.0000628]
        // v2: [0] sign(1.25 − 0.145898) = + → 1.25 − 0.25·0.145898 = 1.213525
        //     [1] sign(0.25 − 0.5625)  = − → 0.25 + 0.25·0.5625   = 0.390625
        //     [2] sign(0.2475 − 0.0025) = + → 0.2475 − 0.25·0.0025 = 0.246872
        // w2 = w1 + m2/(√v2 + 0.5) = [1.049467, 1.694444, 0.550063]
        //     ([1]: 1.25 + 0.5/(0.625 + 0.5) = 1.25 + 4/9)
        ModelWeights w2 = s.aggregateFit(2, w1, round2());
        assertValues(new double[] {1.0494665758904005, 1.25 + 4.0 / 9, 0.5500626167351463}, w2, TOL);
    }

    @Test
    void fedAdagradTwoRounds() {
        FedAdagrad s = new FedAdagrad(StrategyOptions.defaults(), HYPER);
        // v1 = 0.25 + Δ1² = [4.25, 0.5, 0.26]
        // w1 = [1/(√4.25 + 0.5), 1 + 0.25/(√0.5 + 0.5), 0.5 + 0.05/(√0.26 + 0.5)] = [0.390388, 1.207107, 0.549510]
        ModelWeights w1 = s.aggregateFit(1, W0, round1());
        assertValues(new double[] {1 / (Math.sqrt(4.25) + 0.5), 1 + 0.25 / (Math.sqrt(0.5) + 0.5),
                0.5 + 0.05 / (Math.sqrt(0.26) + 0.5)}, w1, TOL);
        // Δ2 = [0.609612, 0.792893, −0.049510]; m2 = [0.804806, 0.521447, 0.000245]
        // v2 = v1 + Δ2² = [4.621627, 1.128680, 0.262451]
        // w2 = w1 + m2/(√v2 + 0.5) = [0.694112, 1.540855, 0.549752]
        ModelWeights w2 = s.aggregateFit(2, w1, round2());
        assertValues(new double[] {0.6941118245478812, 1.5408553889063303, 0.5497519000536164}, w2, TOL);
    }

    @Test
    void weightedMeanFeedsTheServerStep() {
        // with VALIDATION_SCORE the mean changes: A val 1.0 (weight 1), B val 1/3 (weight 1) → mean[1] = (0 + 2)/2 = 1,
        // Δ1[1] = 0, so with FedAdagrad w1[1] stays 1 while w1[0] (Δ = 2 either way) is as before
        StrategyOptions o = StrategyOptions.defaults().withWeighting(AggregationWeighting.VALIDATION_SCORE);
        List<SiteUpdate> u = List.of(update("A", 1, 1, flat(2, 0, 0.6f), Map.of(SiteUpdate.VALIDATION_ACCURACY, 1.0)),
                update("B", 1, 3, flat(2, 2, 0.6f), Map.of(SiteUpdate.VALIDATION_ACCURACY, 1.0 / 3)));
        ModelWeights w1 = new FedAdagrad(o, HYPER).aggregateFit(1, W0, u);
        assertValues(new double[] {1 / (Math.sqrt(4.25) + 0.5), 1.0, 0.5 + 0.05 / (Math.sqrt(0.26) + 0.5)}, w1, TOL);
    }

    @Test
    void stateStartsOverWhenTheLayoutChanges() {
        FedAdam s = new FedAdam(StrategyOptions.defaults(), HYPER);
        s.aggregateFit(1, W0, round1());
        // a 2-parameter model afterwards: first-round maths again. w0 = [0, 1], both send [2, 1.5] → Δ = [2, 0.5]
        ModelWeights w = s.aggregateFit(2, flat(0, 1), List.of(update("A", 2, 1, flat(2, 1.5f))));
        assertValues(new double[] {1 / (Math.sqrt(1.1875) + 0.5), 1.25}, w, TOL);
    }

    @Test
    void namesAndInvalidHyperParameters() {
        assertEquals("fedadam", new FedAdam(StrategyOptions.defaults(), HYPER).name());
        assertEquals("fedyogi", new FedYogi(StrategyOptions.defaults(), HYPER).name());
        assertEquals("fedadagrad", new FedAdagrad(StrategyOptions.defaults(), HYPER).name());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveServerOptimizer.Hyper(0, 0.9, 0.99, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveServerOptimizer.Hyper(0.1, 1.0, 0.99, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveServerOptimizer.Hyper(0.1, 0.9, -0.1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveServerOptimizer.Hyper(0.1, 0.9, 0.99, 0));
        AdaptiveServerOptimizer.Hyper d = AdaptiveServerOptimizer.Hyper.defaults();
        assertEquals(0.1, d.eta());
        assertEquals(0.9, d.beta1());
        assertEquals(0.99, d.beta2());
        assertEquals(1e-3, d.tau());
    }
}
