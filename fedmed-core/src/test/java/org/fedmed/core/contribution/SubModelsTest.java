package org.fedmed.core.contribution;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.Strategy;
import org.junit.jupiter.api.Test;

/** Coalition models rebuilt from a round's updates, and a recorder valuing them without changing the aggregate. */
class SubModelsTest {

    private static final ModelWeights GLOBAL = flat(1, 1);

    private static final List<SiteUpdate> UPDATES = List.of(
            update("a", 1, 10, flat(2, 1)),
            update("b", 1, 30, flat(1, 3)),
            new SiteUpdate("c", 1, flat(-1, -1), 20, Map.of(), true));

    private static BitSet of(int... members) {
        BitSet s = new BitSet();
        for (int m : members) {
            s.set(m);
        }
        return s;
    }

    @Test
    void aCoalitionModelIsGlobalPlusTheSampleWeightedMeanOfItsDeltas() {
        SubModels m = new SubModels(GLOBAL, UPDATES, w -> w.values()[0]);
        assertValues(new double[] {1, 1}, m.model(of()), 0);
        assertValues(new double[] {2, 1}, m.model(of(0)), 1e-6);
        // a: Δ(1, 0) × 10, b: Δ(0, 2) × 30 → (0.25, 1.5)
        assertValues(new double[] {1.25, 2.5}, m.model(of(0, 1)), 1e-6);
        // c sends a delta (−1, −1) × 20; with a: (10·(1,0) + 20·(−1,−1)) / 30
        assertValues(new double[] {1 - 1.0 / 3, 1 - 2.0 / 3}, m.model(of(0, 2)), 1e-6);
        assertEquals(1.25, m.value(of(0, 1)), 1e-6);
    }

    @Test
    void leaveOneOutOnRebuiltModelsNamesTheHarmfulSite() {
        // utility: minus the distance to (2, 3), the model a and b move towards; c pulls away from it
        ModelUtility closeness = w -> -Math.hypot(w.values()[0] - 2, w.values()[1] - 3);
        RoundValues r = ContributionRecorder.value(1, GLOBAL, UPDATES, ContributionMethod.EXACT, closeness, GtgShapley.DEFAULTS);
        assertEquals(List.of("a", "b", "c"), r.players());
        assertEquals(8, r.shapleyEvaluations());
        double[] phi = r.shapley();
        assertEquals(r.utilityAfter() - r.utilityBefore(), phi[0] + phi[1] + phi[2], 1e-9);
        assertEquals(2, argMin(phi));
        RoundValues loo = ContributionRecorder.value(1, GLOBAL, UPDATES, ContributionMethod.LOO, closeness, GtgShapley.DEFAULTS);
        assertEquals(2, argMin(loo.loo()));
        assertEquals(4, loo.looEvaluations());
    }

    @Test
    void theRecorderHandsTheUpdatesOnAndKeepsOnlyRoundsThatAggregated() {
        List<List<SiteUpdate>> seen = new ArrayList<>();
        Strategy inner = new Strategy() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
                return List.of();
            }

            @Override
            public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
                seen.add(updates);
                if (round == 2) {
                    throw new IllegalArgumentException("no score reported");
                }
                return flat(9, 9);
            }
        };
        ContributionRecorder recorder = new ContributionRecorder(inner, ContributionMethod.LOO, w -> w.values()[0],
                GtgShapley.DEFAULTS);
        assertValues(new double[] {9, 9}, recorder.aggregateFit(1, GLOBAL, UPDATES), 0);
        assertThrows(IllegalArgumentException.class, () -> recorder.aggregateFit(2, GLOBAL, UPDATES));
        assertEquals(List.of(UPDATES, UPDATES), seen);
        assertEquals(1, recorder.rounds().size());
        assertEquals(1, recorder.rounds().get(0).round());
        assertEquals("probe", recorder.name());
    }

    private static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
