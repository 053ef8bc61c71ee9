package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.model.ModelWeights;

/**
 * L2 clipping of site updates, the step that bounds one site's influence on the aggregate (its
 * sensitivity) in DP-FedAvg (McMahan et al. 2018). A site's update is its delta
 * {@code update − global}; clipping scales it by min(1, C / ‖delta‖₂), keeping its direction.
 */
public final class UpdateClipping {

    private UpdateClipping() {
    }


    /** The delta scaled to L2 norm at most {@code clipNorm} (a new object; the input is untouched). */
    public static ModelWeights clip(ModelWeights delta, double clipNorm) {
        checkClipNorm(clipNorm);
        double norm = delta.l2Norm();
        float[] out = delta.values().clone();
        if (norm > clipNorm) {
            double scale = clipNorm / norm;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * scale);
            }
        }
        return delta.withValues(out);
    }

    /**
     * Per-tensor clipping: tensor i of the delta is scaled to L2 norm at most {@code clipNorms[i]}
     * independently. The whole delta then has norm at most (Σ C_i²)^{1/2}.
     */
    public static ModelWeights clipPerTensor(ModelWeights delta, double[] clipNorms) {
        if (clipNorms.length != delta.tensorCount()) {
            throw new IllegalArgumentException("need one clip norm per tensor: " + delta.tensorCount()
                    + " tensors, " + clipNorms.length + " clip norms");
        }
        float[] out = delta.values().clone();
        for (int t = 0; t < clipNorms.length; t++) {
            checkClipNorm(clipNorms[t]);
            int from = delta.offset(t);
            int to = from + delta.specs().get(t).numel();
            double norm = norm(out, from, to);
            if (norm > clipNorms[t]) {
                double scale = clipNorms[t] / norm;
                for (int i = from; i < to; i++) {
                    out[i] = (float) (out[i] * scale);
                }
            }
        }
        return delta.withValues(out);
    }

    /** L2 norm of tensor {@code t} of {@code weights}. */
    public static double tensorNorm(ModelWeights weights, int t) {
        int from = weights.offset(t);
        return norm(weights.values(), from, from + weights.specs().get(t).numel());
    }

    public static double norm(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.sqrt(s);
    }

    public static double checkClipNorm(double c) {
        if (!(c > 0.0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("clip norm C must be a finite number > 0, got " + c);
        }
        return c;
    }
}
