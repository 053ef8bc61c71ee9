package org.fedmed.core.privacy.clientdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.aggregate.StateCodec;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAvgM;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.strategy.StrategyState;
import org.junit.jupiter.api.Test;

/** A coordinator restarting mid-study resumes DP-FedAvg's accounting, clip norm and inner state from the run store. */
class ClientDpStateTest {

    private static ClientDpStrategy strategy(boolean adaptive) {
        FedAvgM inner = new FedAvgM(StrategyOptions.defaults().withSampler(new SiteSampler(0.5, 1)), 1.0, 0.9);
        ClientDpBuilder b = ClientDpStrategy.wrap(inner).noiseMultiplier(1.3);
        if (adaptive) {
            b.adaptiveClipping(new AdaptiveClipping(0.5, 0.5, 0.2, 2.0));
        } else {
            b.clipNorm(0.5);
        }
        return b.seed(5).build(); // seeded: the same sites are drawn each round in a straight and a resumed run
    }

    private static ModelWeights round(ClientDpStrategy s, int round, ModelWeights global) {
        List<String> sites = List.of("a", "b", "c", "d", "e", "f");
        List<FitAssignment> chosen = s.configureFit(round, global, sites);
        List<SiteUpdate> updates = new ArrayList<>();
        for (FitAssignment a : chosen) {
            updates.add(ClientDpStrategyTest.siteSends(a, round, global, global.withValues(new float[] {0.3f, -0.2f, 0.1f}), 10));
        }
        return updates.isEmpty() ? global : s.aggregateFit(round, global, updates);
    }

    @Test
    void aResumedStrategyContinuesTheAccountingExactly() {
        ModelWeights w0 = ClientDpStrategyTest.flat(0f, 0f, 0f);
        ClientDpStrategy straight = strategy(true);
        ModelWeights w = w0;
        for (int t = 1; t <= 5; t++) {
            w = round(straight, t, w);
        }

        ClientDpStrategy before = strategy(true);
        w = w0;
        for (int t = 1; t <= 3; t++) {
            w = round(before, t, w);
        }
        StrategyState stored = StrategyState.fromBytes(before.saveState().toBytes());
        ClientDpStrategy after = strategy(true);
        after.restoreState(stored);
        assertEquals(before.clipNorm(), after.clipNorm(), 0.0, "the adaptive clip norm comes back exactly");
        assertEquals(before.spent(1e-5).epsilon(), after.spent(1e-5).epsilon(), 0.0, "epsilon continues where it was");
        for (int t = 4; t <= 5; t++) {
            w = round(after, t, w);
        }
        assertEquals(straight.spent(1e-5).epsilon(), after.spent(1e-5).epsilon(), 1e-12);
        List<PrivacyReport.Round> a = straight.report(1e-5, Conversion.IMPROVED).rounds();
        List<PrivacyReport.Round> b = after.report(1e-5, Conversion.IMPROVED).rounds();
        assertEquals(5, b.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(a.get(i).samplingRate(), b.get(i).samplingRate(), 0.0);
            assertEquals(a.get(i).noiseMultiplier(), b.get(i).noiseMultiplier(), 0.0);
            assertEquals(a.get(i).epsilon(), b.get(i).epsilon(), 1e-12);
        }
    }

    @Test
    void theStateHoldsTheRoundsAndRestoresOnlyIntoAFreshStrategy() {
        ClientDpStrategy s = strategy(false);
        ModelWeights w = round(s, 1, ClientDpStrategyTest.flat(0f, 0f, 0f));
        StrategyState state = s.saveState();
        assertEquals("dp-fedavgm", state.strategy());
        assertEquals(1, ClientDpState.rounds(state).size());
        ClientDpStrategy other = strategy(false);
        other.restoreState(state);
        assertEquals(s.spent(1e-5).epsilon(), other.spent(1e-5).epsilon(), 0.0);
        assertThrows(IllegalStateException.class, () -> other.restoreState(state), "only before the first round");
        assertEquals(3, w.size());
    }

    @Test
    void doublesSurviveTheFloatEncodingBitForBit() {
        double[] v = {0.0, -0.0, 1.0 / 3, Math.PI, 1e-300, -7.25e12, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE};
        double[] back = StateCodec.decode(StateCodec.encode(v));
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "value " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decode(new float[] {1.5f, 0, 0, 0}));
        assertArrayEquals(new float[0], StateCodec.encode(new double[0]));
    }
}
