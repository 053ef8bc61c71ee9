package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;

/** A frozen body keeps the values a fit starts from; the head still trains. */
class FrozenTrainingTest {

    @Test
    void onlyTheHeadMovesWhenTheBodyIsFrozen() {
        ModelSpec spec = new ModelSpec(ModelArchitecture.MLP, new int[] {4}, 2, List.of(8), 0.0, List.of("body"));
        float[] x = new float[64 * 4];
        int[] y = new int[64];
        for (int i = 0; i < 64; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (y[i] == 1 ? 1f : -1f) * (j + 1) * 0.3f + (i % 7) * 0.01f;
            }
        }
        LabeledSamples data = new LabeledSamples(new int[] {4}, x, y, List.of("a", "b"));
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights start = t.initialWeights(5);
            ModelWeights end = t.fit(start, data, Fixtures.adam(3, 8, 1e-2, 1L)).weights();
            int at = 0;
            List<TensorSpec> specs = start.specs();
            for (int k = 0; k < specs.size(); k++) {
                TensorSpec s = specs.get(k);
                float[] a = Arrays.copyOfRange(start.values(), at, at + s.numel());
                float[] b = Arrays.copyOfRange(end.values(), at, at + s.numel());
                if (k < specs.size() - 2) {
                    assertArrayEquals(a, b, s.name() + " is frozen");
                } else {
                    assertNotEquals(Arrays.toString(a), Arrays.toString(b), s.name() + " trains");
                }
                at += s.numel();
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DjlTrainer.builder()
                .model(new ModelSpec(ModelArchitecture.MLP, new int[] {4}, 2, List.of(8), 0.0, List.of("nolayer"))).build());
        assertEquals("freeze: 'nolayer' names no layer", bad.getMessage().substring(0, 32), bad.getMessage());
    }
}
