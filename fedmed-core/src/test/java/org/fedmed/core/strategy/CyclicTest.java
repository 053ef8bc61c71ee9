package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.round.FitAssignment;
import org.junit.jupiter.api.Test;

/** Cyclic weight transfer: one site a round, every site once per cycle, the site's model passed on as it is. */
class CyclicTest {

    private static final List<String> SITES = List.of("A", "B", "C", "D");

    private static List<String> turns(Cyclic c, int rounds) {
        List<String> out = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            List<FitAssignment> a = c.configureFit(r, flat(0), SITES);
            assertEquals(1, a.size(), "round " + r);
            out.add(a.get(0).siteId());
        }
        return out;
    }

    @Test
    void everyCycleVisitsEverySiteOnce() {
        Cyclic c = new Cyclic(StrategyOptions.defaults(), true);
        List<String> order = turns(c, 12);
        for (int cycle = 0; cycle < 3; cycle++) {
            assertEquals(Set.copyOf(SITES), new HashSet<>(order.subList(4 * cycle, 4 * cycle + 4)), "cycle " + cycle + ": " + order);
        }
        // shuffled: the three cycles of 4 sites are not all in one order (24 orders; seeded, so this is fixed once and for all)
        assertTrue(!order.subList(0, 4).equals(order.subList(4, 8)) || !order.subList(4, 8).equals(order.subList(8, 12)), order.toString());
        // the order is a function of seed and round: a new instance (a resumed coordinator) continues it
        assertEquals(order, turns(new Cyclic(StrategyOptions.defaults(), true), 12));
        assertNotEquals(order, turns(new Cyclic(new StrategyOptions(SiteSampler.all(), StrategyOptions.defaults().training(),
                new LearningRateSchedule.Constant(), StrategyOptions.defaults().weighting(), 99L), true), 12));
    }

    @Test
    void withoutShuffleTheListedOrderRepeats() {
        assertEquals(List.of("A", "B", "C", "D", "A", "B", "C", "D", "A"), turns(new Cyclic(StrategyOptions.defaults(), false), 9));
    }

    @Test
    void theNextModelIsTheTrainedSitesModel() {
        Cyclic c = new Cyclic(StrategyOptions.defaults(), true);
        ModelWeights trained = flat(0.5f, -2, 7);
        assertArrayEquals(trained.values(), c.aggregateFit(3, flat(9, 9, 9), List.of(update("C", 3, 40, trained))).values());
        assertEquals("cyclic", c.name());
    }

    @Test
    void combinationsThatWouldExposeOrIgnoreTheSiteAreRefused() {
        StrategyOptions d = StrategyOptions.defaults();
        IllegalArgumentException secure = assertThrows(IllegalArgumentException.class,
                () -> new Cyclic(d, true).secureInput(1, 4, 3));
        assertTrue(secure.getMessage().contains("secure sum of one update"), secure.getMessage());
        IllegalArgumentException robust = assertThrows(IllegalArgumentException.class,
                () -> new Cyclic(d.withAggregator("median"), true));
        assertTrue(robust.getMessage().contains("aggregator median"), robust.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> new Cyclic(d.withSampler(new SiteSampler(0.5, 1)), true));
        assertTrue(fraction.getMessage().contains("0.5"), fraction.getMessage());
        IllegalArgumentException dp = assertThrows(IllegalArgumentException.class,
                () -> ClientDpStrategy.wrap(new Cyclic(d, true)));
        assertEquals(Cyclic.clientDpRefusal(), dp.getMessage());
    }

    @Test
    void builtByNameWithItsShuffleFlag() {
        SamplingStrategy s = Strategies.create("cyclic", StrategyOptions.defaults(), Map.of("shuffle", 0.0));
        assertEquals(List.of("A", "B", "C"), turns((Cyclic) s, 3));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("cyclic", StrategyOptions.defaults(), Map.of("shuffle", 0.5)));
        assertTrue(bad.getMessage().contains("shuffle"), bad.getMessage());
        assertTrue(Strategies.NAMES.contains("cyclic"));
    }
}
