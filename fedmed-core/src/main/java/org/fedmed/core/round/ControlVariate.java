package org.fedmed.core.round;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * A site's SCAFFOLD control variate c_i (Karimireddy et al., ICML 2020): its estimate of its own
 * gradient direction, kept at the site between rounds. Local training adds c − c_i to every
 * gradient, which steers each site towards the federation's direction and away from its own drift.
 *
 * <p>Update ("option II" of the paper): after K local SGD steps at learning rate η from x to y,
 * c_i ← c_i − c + (x − y)/(K·η). The change −c + (x − y)/(K·η) depends only on what the coordinator
 * already holds (c, x, y, K, η), so the coordinator computes the sum of the changes itself
 * ({@link #change}) and c_i never leaves the site: SCAFFOLD adds no channel out of a hospital.
 * BatchNorm running statistics are not trained by gradients; their entries stay zero.
 *
 * <p>Not thread-safe on its own: the site that owns it trains one round at a time.
 */
public final class ControlVariate {

    private ModelWeights value;

    /** c_i, or null before the site's first SCAFFOLD round (zero then). */
    public ModelWeights value() {
        return value;
    }

    /** Sets c_i to {@code saved} (a restarted site's; null for zero). */
    public void restore(ModelWeights saved) {
        value = saved;
    }

    /** The offset c − c_i that local training adds to each gradient. */
    public ModelWeights offset(ModelWeights serverControl) {
        return value == null ? serverControl : serverControl.minus(value);
    }

    /** After a round: c_i ← c_i + {@link #change}. */
    public void advance(ModelWeights serverControl, ModelWeights start, ModelWeights trained, long steps, double learningRate) {
        ModelWeights delta = change(serverControl, start, trained, steps, learningRate);
        value = value == null ? delta : value.plusScaled(delta, 1f);
    }

    /**
     * c_i⁺ − c_i = −c + (x − y)/(K·η): the change of a site's control variate after K steps at
     * learning rate η from x ({@code start}) to y ({@code trained}); zero for running statistics.
     */
    public static ModelWeights change(ModelWeights serverControl, ModelWeights start, ModelWeights trained, long steps,
                                      double learningRate) {
        if (steps <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("a control variate needs K > 0 local steps at a learning rate > 0, got K = " + steps
                    + ", η = " + learningRate);
        }
        float[] c = serverControl.values();
        float[] x = start.values();
        float[] y = trained.values();
        if (c.length != x.length || y.length != x.length) {
            throw new IllegalArgumentException("control variate, start and trained weights differ in size: " + c.length + ", "
                    + x.length + ", " + y.length);
        }
        double scale = 1.0 / (steps * learningRate);
        float[] out = new float[x.length];
        int at = 0;
        List<TensorSpec> specs = start.specs();
        for (TensorSpec t : specs) {
            if (!t.isRunningStatistic()) {
                for (int i = at; i < at + t.numel(); i++) {
                    out[i] = (float) (-c[i] + (x[i] - (double) y[i]) * scale);
                }
            }
            at += t.numel();
        }
        return start.withValues(out);
    }
}
