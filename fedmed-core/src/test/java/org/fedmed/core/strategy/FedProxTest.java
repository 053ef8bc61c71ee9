package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** FedProx's μ travels in every assignment; its aggregation is FedAvg's. Also the shared configure side. */
class FedProxTest {

    private static final TrainingConfig TRAINING = new TrainingConfig(3, 16, 0.2, OptimizerKind.SGD, 0.9, 1e-4, 0.0, true, 5L);
    private static final List<String> SITES = List.of("A", "B", "C");

    private static StrategyOptions options() {
        return StrategyOptions.defaults().withTraining(TRAINING);
    }

    @Test
    void configureFitPutsMuIntoEveryAssignment() {
        FedProx prox = new FedProx(options(), 0.05);
        assertEquals(0.05, prox.mu());
        List<FitAssignment> a = prox.configureFit(1, flat(0, 0), SITES);
        assertEquals(SITES, a.stream().map(FitAssignment::siteId).collect(Collectors.toList()));
        for (FitAssignment fa : a) {
            TrainingConfig c = fa.config();
            assertEquals(0.05, c.proximalMu(), "site " + fa.siteId());
            // everything else is the base training config (constant schedule keeps the rate)
            assertEquals(3, c.localEpochs());
            assertEquals(16, c.batchSize());
            assertEquals(0.2, c.learningRate());
            assertEquals(OptimizerKind.SGD, c.optimizer());
            assertEquals(0.9, c.momentum());
            assertEquals(1e-4, c.weightDecay());
            assertEquals(true, c.balanceClasses());
        }
        // plain FedAvg sends μ = 0
        for (FitAssignment fa : new FedAvg(options()).configureFit(1, flat(0, 0), SITES)) {
            assertEquals(0.0, fa.config().proximalMu());
        }
        assertEquals("fedprox", prox.name());
    }

    @Test
    void aggregationEqualsFedAvg() {
        List<SiteUpdate> u = List.of(update("A", 2, 10, flat(1, 2, 3)), update("B", 2, 30, flat(-1, 0.5f, 7)),
                update("C", 2, 60, flat(4, 4, -2)));
        ModelWeights global = flat(9, 9, 9);
        float[] prox = new FedProx(options(), 0.5).aggregateFit(2, global, u).values();
        float[] avg = new FedAvg(options()).aggregateFit(2, global, u).values();
        assertArrayEquals(avg, prox);
        // and that is the weighted mean: [0.1 − 0.3 + 2.4, 0.2 + 0.15 + 2.4, 0.3 + 2.1 − 1.2]
        assertArrayEquals(new float[] {2.2f, 2.75f, 1.2f}, prox, 1e-6f);
    }

    @Test
    void invalidMuIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FedProx(options(), -0.1));
        assertThrows(IllegalArgumentException.class, () -> new FedProx(options(), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FedProx(options(), Double.POSITIVE_INFINITY));
    }

    @Test
    void configureFitAppliesTheScheduleAndSeedsPerRoundAndSite() {
        // step:0.5 every 2 rounds, base 0.2 → round 1, 2: 0.2; round 3: 0.1; round 5: 0.05
        StrategyOptions o = new StrategyOptions(SiteSampler.all(), TRAINING, new LearningRateSchedule.Step(0.5, 2),
                AggregationWeighting.SAMPLE_COUNT, 11L);
        FedAvg s = new FedAvg(o);
        assertEquals(0.2, s.configureFit(2, flat(0), SITES).get(0).config().learningRate(), 1e-15);
        assertEquals(0.1, s.configureFit(3, flat(0), SITES).get(0).config().learningRate(), 1e-15);
        assertEquals(0.05, s.configureFit(5, flat(0), SITES).get(2).config().learningRate(), 1e-15);

        List<FitAssignment> r1 = s.configureFit(1, flat(0), SITES);
        List<FitAssignment> r1again = new FedAvg(o).configureFit(1, flat(0), SITES);
        List<FitAssignment> r2 = s.configureFit(2, flat(0), SITES);
        // reproducible, distinct per site and per round
        assertEquals(r1, r1again);
        assertEquals(3, r1.stream().map(a -> a.config().seed()).distinct().count());
        for (int i = 0; i < 3; i++) {
            assertNotEquals(r1.get(i).config().seed(), r2.get(i).config().seed());
        }
        assertEquals(1, s.minimumSites());
        assertEquals(3, new FedAvg(o.withSampler(new SiteSampler(0.5, 3))).minimumSites());
    }
}
