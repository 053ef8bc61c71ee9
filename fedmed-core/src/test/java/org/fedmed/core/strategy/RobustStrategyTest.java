package org.fedmed.core.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.round.SiteUpdate;
import org.junit.jupiter.api.Test;

/** A robust aggregator replaces the FedAvg family's weighted mean, keeps the server optimizer, and refuses what it cannot do. */
class RobustStrategyTest {

    private static final ModelWeights GLOBAL = ModelWeights.of(List.of(new TensorSpec("w", new int[] {1})), new float[] {0});

    private static List<SiteUpdate> updates(double... models) {
        return IntStream.range(0, models.length).mapToObj(k -> new SiteUpdate("site-" + k, 1,
                GLOBAL.withValues(new float[] {(float) models[k]}), 1000L * (k + 1), Map.of())).toList();
    }

    @Test
    void theRobustRuleReplacesTheMeanAndTheOptimizerStays() {
        SamplingStrategy krum = Strategies.create("fedavg", StrategyOptions.defaults().withAggregator("krum:f=1"), Map.of());
        assertEquals("krum(f=1) → sgd(η=1.0)", krum.aggregation());
        SamplingStrategy adam = Strategies.create("fedadam", StrategyOptions.defaults().withAggregator("median"), Map.of());
        assertEquals("median → ", adam.aggregation().substring(0, 9));
        assertEquals("mean(samples) → sgd(η=1.0)", new FedAvg(StrategyOptions.defaults()).aggregation());
        // the weighted mean would be (0·1 + 1·2 + 2.5·3 + 4·4 + 50·5) / 15 = 18.37; Krum keeps 1 (see RobustRulesTest)
        assertArrayEquals(new float[] {1f}, krum.aggregateFit(1, GLOBAL, updates(0, 1, 2.5, 4, 50)).values(), 1e-6f);
    }

    @Test
    void aRoundWithFewerUpdatesThanTheRuleToleratesLeavesTheModelUnchanged() {
        assertEquals(5, new FedAvg(StrategyOptions.defaults().withAggregator("krum:f=1")).minimumSites());
        assertEquals(11, new FedAvg(StrategyOptions.defaults().withAggregator("bulyan:f=2")).minimumSites());
        assertEquals(1, new FedAvg(StrategyOptions.defaults()).minimumSites());
    }

    @Test
    void aRobustRuleTakesGroupedSecureSumsButNotClientLevelDp() {
        SamplingStrategy s = new FedAvg(StrategyOptions.defaults().withAggregator("bulyan:f=1"));
        // under grouped secure aggregation each group's secure sum is sample-weighted; the rule runs across the groups
        assertEquals(org.fedmed.core.secure.SecureInputSpec.WEIGHTED, s.secureInput(1, 7, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(s));
        assertEquals(ClientDpStrategy.robustRefusal("bulyan(f=1)"), e.getMessage());
        assertEquals("aggregator bulyan(f=1) cannot be combined with client-level DP: DP-FedAvg's noise is calibrated to a uniform"
                + " mean of clipped updates (clip → mean(uniform) → gaussian), which a robust rule would replace; use aggregator"
                + " mean, or sample-level DP (dp_level sample)", e.getMessage());
    }

    @Test
    void centredClippingsStartingPointTravelsWithTheStrategyState() {
        SamplingStrategy a = new FedAvg(StrategyOptions.defaults().withAggregator("centered_clip:tau=1,iters=1"));
        a.aggregateFit(1, GLOBAL, updates(3, 0.5, 0));
        StrategyState saved = a.saveState();
        assertEquals(List.of("robust.centered_clip.previous"), List.copyOf(saved.names()));
        SamplingStrategy b = new FedAvg(StrategyOptions.defaults().withAggregator("centered_clip:tau=1,iters=1"));
        b.restoreState(saved);
        assertArrayEquals(a.aggregateFit(2, GLOBAL, updates(3, 0.5, 0)).values(), b.aggregateFit(2, GLOBAL, updates(3, 0.5, 0)).values());
    }
}
