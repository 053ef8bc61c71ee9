package org.fedmed.net.transfer;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * A SCAFFOLD fit task's download: the global model and the server control variate c as one transfer
 * (the model's tensors, then c's under {@value #PREFIX} + the same names), so c gets the chunked,
 * checksummed and resumable transfer the model has, with no second download to keep in step. The
 * price is SCAFFOLD's known one: twice the model's bytes to each site per round.
 */
public final class ControlTransfer {

    public static final String PREFIX = "scaffold.control/";

    private ControlTransfer() {
    }

    /** The model, then c in the model's layout. */
    public static ModelWeights join(ModelWeights global, ModelWeights control) {
        control.requireSameLayout(global, "SCAFFOLD control variate");
        List<TensorSpec> specs = new ArrayList<>(global.specs());
        for (TensorSpec t : global.specs()) {
            specs.add(new TensorSpec(PREFIX + t.name(), t.shape()));
        }
        float[] values = new float[global.size() + control.size()];
        System.arraycopy(global.values(), 0, values, 0, global.size());
        System.arraycopy(control.values(), 0, values, global.size(), control.size());
        return ModelWeights.of(specs, values);
    }

    /** The two halves of a joined transfer. */
    public record Parts(ModelWeights global, ModelWeights control) {
    }

    /**
     * Splits what {@link #join} made.
     *
     * @throws IllegalArgumentException naming the first tensor that breaks the layout
     */
    public static Parts split(ModelWeights joined) {
        List<TensorSpec> specs = joined.specs();
        if (specs.size() % 2 != 0) {
            throw new IllegalArgumentException("a SCAFFOLD task's transfer holds " + specs.size() + " tensors, not a model and its control variate");
        }
        int half = specs.size() / 2;
        List<TensorSpec> model = specs.subList(0, half);
        for (int i = 0; i < half; i++) {
            TensorSpec m = model.get(i);
            TensorSpec c = specs.get(half + i);
            if (m.name().startsWith(PREFIX) || !c.equals(new TensorSpec(PREFIX + m.name(), m.shape()))) {
                throw new IllegalArgumentException("a SCAFFOLD task's transfer is not a model followed by its control variate: tensor "
                        + (half + i) + " is " + c + ", expected " + PREFIX + m);
            }
        }
        int n = joined.offset(half);
        float[] v = joined.values();
        float[] g = new float[n];
        float[] c = new float[v.length - n];
        System.arraycopy(v, 0, g, 0, n);
        System.arraycopy(v, n, c, 0, c.length);
        return new Parts(ModelWeights.of(List.copyOf(model), g), ModelWeights.of(List.copyOf(model), c));
    }
}
