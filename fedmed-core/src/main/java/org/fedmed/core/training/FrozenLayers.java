package org.fedmed.core.training;

import java.util.List;
import java.util.Set;
import org.fedmed.core.model.TensorSpec;

/**
 * Which tensors local training leaves alone, for transfer learning: a model started from another
 * study's ({@code init_from}) trains only its head. {@code body} freezes every tensor but the output
 * layer's (the last two: weight and bias of the final linear layer, as every FedMed architecture ends);
 * any other entry is a tensor name or a prefix of names.
 */
public final class FrozenLayers {

    private FrozenLayers() {
    }

    /**
     * The frozen tensor names of {@code layout}.
     *
     * @throws IllegalArgumentException naming an entry that matches no tensor, or when nothing trainable would be left
     */
    public static Set<String> resolve(List<String> requested, List<TensorSpec> layout) {
        Set<String> out = LayerSelection.resolve(requested, layout, "freeze");
        boolean trainableLeft = layout.stream().anyMatch(t -> !out.contains(t.name()) && !t.isRunningStatistic());
        if (!requested.isEmpty() && !trainableLeft) {
            throw new IllegalArgumentException("freeze " + requested + " leaves no tensor to train");
        }
        return out;
    }
}
