package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteUpdate;
import org.junit.jupiter.api.Test;

/** FedAvgM: Δ = w − mean; v ← β v + Δ; w ← w − η v. */
class FedAvgMTest {

    private static final double TOL = 1e-6;

    // round 1: A (n=1) [2, 0], B (n=3) [2, 2] → mean [2, 1.5]
    private static List<SiteUpdate> round1() {
        return List.of(update("A", 1, 1, flat(2, 0)), update("B", 1, 3, flat(2, 2)));
    }

    // round 2: both [3, 1] → mean [3, 1]
    private static List<SiteUpdate> round2() {
        return List.of(update("A", 2, 1, flat(3, 1)), update("B", 2, 3, flat(3, 1)));
    }

    @Test
    void twoRoundsWithMomentum() {
        FedAvgM s = new FedAvgM(StrategyOptions.defaults(), 1.0, 0.9);
        ModelWeights w0 = flat(0, 1);
        // round 1: Δ1 = w0 − mean = [0 − 2, 1 − 1.5] = [−2, −0.5]; v1 = Δ1; w1 = w0 − v1 = [2, 1.5]
        ModelWeights w1 = s.aggregateFit(1, w0, round1());
        assertValues(new double[] {2, 1.5}, w1, TOL);
        // round 2: Δ2 = w1 − mean = [2 − 3, 1.5 − 1] = [−1, 0.5]
        //          v2 = 0.9·[−2, −0.5] + [−1, 0.5] = [−2.8, 0.05]
        //          w2 = w1 − v2 = [2 + 2.8, 1.5 − 0.05] = [4.8, 1.45]
        ModelWeights w2 = s.aggregateFit(2, w1, round2());
        assertValues(new double[] {4.8, 1.45}, w2, TOL);
    }

    @Test
    void twoRoundsWithServerLearningRate() {
        FedAvgM s = new FedAvgM(StrategyOptions.defaults(), 0.5, 0.9);
        // round 1: v1 = [−2, −0.5]; w1 = [0, 1] − 0.5·v1 = [1, 1.25]
        ModelWeights w1 = s.aggregateFit(1, flat(0, 1), round1());
        assertValues(new double[] {1, 1.25}, w1, TOL);
        // round 2: Δ2 = [1 − 3, 1.25 − 1] = [−2, 0.25]; v2 = 0.9·[−2, −0.5] + Δ2 = [−3.8, −0.2]
        //          w2 = [1, 1.25] − 0.5·[−3.8, −0.2] = [2.9, 1.35]
        assertValues(new double[] {2.9, 1.35}, s.aggregateFit(2, w1, round2()), TOL);
    }

    @Test
    void noMomentumAndUnitRateIsFedAvg() {
        FedAvgM m = new FedAvgM(StrategyOptions.defaults(), 1.0, 0.0);
        FedAvg avg = new FedAvg(StrategyOptions.defaults());
        ModelWeights w0 = flat(0, 1);
        ModelWeights m1 = m.aggregateFit(1, w0, round1());
        ModelWeights a1 = avg.aggregateFit(1, w0, round1());
        assertArrayEquals(a1.values(), m1.values(), 1e-6f);
        ModelWeights m2 = m.aggregateFit(2, m1, round2());
        ModelWeights a2 = avg.aggregateFit(2, a1, round2());
        assertArrayEquals(a2.values(), m2.values(), 1e-6f);
        assertValues(new double[] {3, 1}, m2, TOL);
    }

    @Test
    void invalidHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(StrategyOptions.defaults(), 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(StrategyOptions.defaults(), 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(StrategyOptions.defaults(), 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(StrategyOptions.defaults(), Double.NaN, 0.5));
    }
}
