package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer;
import org.fedmed.core.round.SiteUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact resume: a stateful strategy run for two rounds, saved, restored into a fresh instance (also
 * through the byte layout) and run for a third round gives bit-identical weights to the original
 * continuing; without the restore it does not.
 */
class StatefulStrategyTest {

    private static final AdaptiveServerOptimizer.Hyper HYPER = new AdaptiveServerOptimizer.Hyper(0.3, 0.9, 0.99, 1e-3);

    static Stream<Arguments> strategies() {
        StrategyOptions o = StrategyOptions.defaults();
        return Stream.of(
                Arguments.of("fedavgm", (Supplier<StatefulStrategy>) () -> new FedAvgM(o, 1.0, 0.9)),
                Arguments.of("fedadam", (Supplier<StatefulStrategy>) () -> new FedAdam(o, HYPER)),
                Arguments.of("fedyogi", (Supplier<StatefulStrategy>) () -> new FedYogi(o, HYPER)),
                Arguments.of("fedadagrad", (Supplier<StatefulStrategy>) () -> new FedAdagrad(o, HYPER)));
    }

    /** Two sites whose updates depend on the round, so every round moves the moments. */
    private static List<SiteUpdate> updates(int round, ModelWeights global) {
        float[] a = global.values().clone();
        float[] b = global.values().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += 0.1f * round + 0.01f * i;
            b[i] -= 0.05f * (i + 1) / round;
        }
        return List.of(update("A", round, 3, global.withValues(a)), update("B", round, 5, global.withValues(b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void restoredStrategyContinuesBitIdentically(String name, Supplier<StatefulStrategy> make) {
        StatefulStrategy original = make.get();
        assertEquals(name, original.name());
        assertTrue(original.saveState().isEmpty(), "no state before the first aggregation");
        ModelWeights w = flat(0.5f, -1, 2, 0.25f);
        for (int r = 1; r <= 2; r++) {
            w = original.aggregateFit(r, w, updates(r, w));
        }
        StrategyState saved = original.saveState();
        assertFalse(saved.isEmpty());
        StrategyState viaBytes = StrategyState.fromBytes(saved.toBytes());
        assertEquals(saved, viaBytes);

        StatefulStrategy restored = make.get();
        restored.restoreState(viaBytes);
        StatefulStrategy fresh = make.get();

        ModelWeights w3 = original.aggregateFit(3, w, updates(3, w));
        ModelWeights r3 = restored.aggregateFit(3, w, updates(3, w));
        ModelWeights f3 = fresh.aggregateFit(3, w, updates(3, w));
        assertArrayEquals(w3.values(), r3.values(), "restored state gives bit-identical round 3");
        assertNotEquals(List.of(toList(w3.values())), List.of(toList(f3.values())), "without the state round 3 differs");
        assertEquals(original.saveState(), restored.saveState());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void savedStateIsACopy(String name, Supplier<StatefulStrategy> make) {
        StatefulStrategy s = make.get();
        ModelWeights w = flat(1, 2, 3);
        w = s.aggregateFit(1, w, updates(1, w));
        StrategyState before = s.saveState();
        s.aggregateFit(2, w, updates(2, w));
        assertNotEquals(before, s.saveState(), "a saved state does not follow later rounds");
    }

    @Test
    void refusesAnotherStrategysStateAndBadBytes() {
        FedAdam adam = new FedAdam(StrategyOptions.defaults(), HYPER);
        ModelWeights w = flat(1, 2);
        adam.aggregateFit(1, w, updates(1, w));
        StrategyState s = adam.saveState();
        assertThrows(IllegalArgumentException.class, () -> new FedYogi(StrategyOptions.defaults(), HYPER).restoreState(s));
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(StrategyOptions.defaults(), 1, 0.9).restoreState(s));
        assertThrows(IllegalArgumentException.class,
                () -> adam.restoreState(new StrategyState("fedadam", Map.of("m", new float[2]))));
        byte[] bytes = s.toBytes();
        assertThrows(IllegalArgumentException.class, () -> StrategyState.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> StrategyState.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        // an empty state resets to "before the first round"
        adam.restoreState(StrategyState.empty("fedadam"));
        assertTrue(adam.saveState().isEmpty());
    }

    @Test
    void byteLayoutIsAsDocumented() {
        StrategyState s = new StrategyState("x", Map.of("m", new float[] {1.0f}));
        byte[] b = s.toBytes();
        // magic, len 1, 'x', count 1, len 1, 'm', length 1, 1.0f little-endian
        assertArrayEquals(new byte[] {0x46, 0x53, 0x54, 0x31, 0, 0, 0, 1, 'x', 0, 0, 0, 1, 0, 0, 0, 1, 'm', 0, 0, 0, 1, 0, 0, (byte) 0x80, 0x3f}, b);
    }

    private static List<Float> toList(float[] a) {
        List<Float> out = new ArrayList<>();
        for (float f : a) {
            out.add(f);
        }
        return out;
    }
}
