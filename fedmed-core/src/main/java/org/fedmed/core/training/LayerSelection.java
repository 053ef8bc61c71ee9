package org.fedmed.core.training;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fedmed.core.model.TensorSpec;

/**
 * Tensors named the way a study names them: {@code body} (every tensor but the output layer's, the
 * last two: weight and bias of the final linear layer, as every FedMed architecture ends), {@code head}
 * (the output layer's), {@code batchnorm} (every BatchNorm tensor: scale, shift, running statistics),
 * or tensor names and name prefixes.
 */
public final class LayerSelection {

    public static final String BODY = "body";
    public static final String HEAD = "head";
    public static final String BATCHNORM = "batchnorm";

    private LayerSelection() {
    }

    /**
     * @param key the study key asking, for the message
     * @throws IllegalArgumentException naming an entry that matches no tensor
     */
    public static Set<String> resolve(List<String> requested, List<TensorSpec> layout, String key) {
        Set<String> out = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        layout.forEach(t -> names.add(t.name()));
        for (String r : requested) {
            String want = r.trim();
            List<String> hit = switch (want) {
                case BODY -> names.subList(0, Math.max(0, names.size() - 2));
                case HEAD -> names.subList(Math.max(0, names.size() - 2), names.size());
                case BATCHNORM -> names.stream().filter(n -> n.toLowerCase(Locale.ROOT).contains("batchnorm")).toList();
                default -> names.stream().filter(n -> !want.isEmpty() && n.startsWith(want)).toList();
            };
            if (hit.isEmpty()) {
                throw new IllegalArgumentException(key + ": '" + want + "' names no layer of this model; its tensors: " + names
                        + " (or " + BODY + ", " + HEAD + ", " + BATCHNORM + ")");
            }
            out.addAll(hit);
        }
        return out;
    }
}
