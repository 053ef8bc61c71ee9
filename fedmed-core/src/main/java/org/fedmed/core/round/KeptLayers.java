package org.fedmed.core.round;

import java.util.List;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.LayerSelection;

/**
 * The tensors a site keeps to itself (FedBN, Li et al. 2021: its BatchNorm layers; FedPer, Arivazhagan et
 * al. 2019: its output layer): each round the site trains from the global model with its own values of
 * these tensors, keeps what training made of them, and sends the global values in their place, so they
 * never leave the site and the average of them does not move. The site evaluates with its own values.
 *
 * <p>Not thread-safe on its own: its site trains one round at a time.
 */
public final class KeptLayers {

    private final List<String> requested;
    private ModelWeights kept;

    /** @param requested a {@link LayerSelection} ({@code batchnorm}, {@code head}, names); empty for none */
    public KeptLayers(List<String> requested) {
        this.requested = List.copyOf(requested);
    }

    public boolean isEmpty() {
        return requested.isEmpty();
    }

    /** {@code global} with this site's own values of the kept tensors (the global ones before its first round). */
    public ModelWeights start(ModelWeights global) {
        return kept == null || requested.isEmpty() ? global : merge(global, kept, global);
    }

    /** Keeps the trained values of the kept tensors; returns {@code trained} with the global values in their place. */
    public ModelWeights keepAndMask(ModelWeights trained, ModelWeights global) {
        if (requested.isEmpty()) {
            return trained;
        }
        kept = trained;
        return merge(trained, global, global);
    }

    /** {@code base} with the kept tensors' values taken from {@code source}; names resolved on {@code layout}'s tensors. */
    private ModelWeights merge(ModelWeights base, ModelWeights source, ModelWeights layout) {
        Set<String> names = LayerSelection.resolve(requested, layout.specs(), "local_layers");
        float[] out = base.values().clone();
        float[] from = source.values();
        int at = 0;
        for (TensorSpec t : layout.specs()) {
            if (names.contains(t.name())) {
                System.arraycopy(from, at, out, at, t.numel());
            }
            at += t.numel();
        }
        return base.withValues(out);
    }
}
