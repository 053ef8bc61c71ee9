package org.fedmed.core.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

/** A site's kept tensors: trained from its own values, never sent, used for its own evaluation. */
class KeptLayersTest {

    private static final List<TensorSpec> LAYOUT = List.of(new TensorSpec("01Conv2d_weight", new int[] {2}),
            new TensorSpec("02BatchNorm_gamma", new int[] {1}), new TensorSpec("02BatchNorm_runningMean", new int[] {1}),
            new TensorSpec("05Linear_weight", new int[] {2}), new TensorSpec("05Linear_bias", new int[] {1}));

    private static ModelWeights w(float... v) {
        return ModelWeights.of(LAYOUT, v);
    }

    @Test
    void batchNormStaysAtTheSiteAndTheUpdateCarriesTheGlobalValuesInItsPlace() {
        KeptLayers bn = new KeptLayers(List.of("batchnorm"));
        ModelWeights global = w(1, 1, 1, 1, 1, 1, 1);
        // first round: nothing kept yet, training starts from the global model
        assertSame(global, bn.start(global));
        ModelWeights trained = w(2, 3, 4, 5, 6, 7, 8);
        ModelWeights sent = bn.keepAndMask(trained, global);
        assertArrayEquals(new float[] {2, 3, 1, 1, 6, 7, 8}, sent.values(), "the BatchNorm tensors leave as the global values");
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7, 8}, trained.values(), "the trained model is not changed in place");
        // next round: the new global model with the site's own BatchNorm
        assertArrayEquals(new float[] {9, 9, 4, 5, 9, 9, 9}, bn.start(w(9, 9, 9, 9, 9, 9, 9)).values());
    }

    @Test
    void theHeadForFedPerAndNothingWhenEmpty() {
        KeptLayers head = new KeptLayers(List.of("head"));
        ModelWeights sent = head.keepAndMask(w(2, 3, 4, 5, 6, 7, 8), w(0, 0, 0, 0, 0, 0, 0));
        assertArrayEquals(new float[] {2, 3, 4, 5, 0, 0, 0}, sent.values());
        KeptLayers none = new KeptLayers(List.of());
        ModelWeights t = w(2, 3, 4, 5, 6, 7, 8);
        assertSame(t, none.keepAndMask(t, w(0, 0, 0, 0, 0, 0, 0)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new KeptLayers(List.of("lstm")).keepAndMask(t, t));
        assertTrue(bad.getMessage().startsWith("local_layers: 'lstm' names no layer"), bad.getMessage());
    }
}
