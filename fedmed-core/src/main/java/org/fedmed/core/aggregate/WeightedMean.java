package org.fedmed.core.aggregate;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/**
 * The weighted mean of site models, the heart of FedAvg.
 *
 * <p>The sum runs block by block: a block of the output stays in cache while every update's block
 * is added into it, so each update is streamed from memory once and the output written once. That
 * keeps aggregation close to memory bandwidth (see docs/BENCHMARKS.md).
 */
public final class WeightedMean {

    private static final int BLOCK = 8192;

    private WeightedMean() {
    }

    /** Σ_k w_k x_k / Σ_k w_k over the updates' weights, with w_k from {@code weighting}. */
    public static ModelWeights of(List<Contribution> updates, AggregationWeighting weighting) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        double[] w = new double[updates.size()];
        ModelWeights[] models = new ModelWeights[updates.size()];
        for (int k = 0; k < w.length; k++) {
            Contribution u = updates.get(k);
            w[k] = weighting.weight(u);
            models[k] = u.values();
        }
        return of(models, w);
    }

    /** Σ_k w_k x_k / Σ_k w_k; weights must be finite, non-negative and not all zero. */
    public static ModelWeights of(ModelWeights[] models, double[] weights) {
        if (models.length == 0 || models.length != weights.length) {
            throw new IllegalArgumentException(models.length + " models but " + weights.length + " weights");
        }
        double total = 0;
        for (double v : weights) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("aggregation weights must be finite and >= 0, got " + v);
            }
            total += v;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("aggregation weights sum to zero");
        }
        for (int k = 1; k < models.length; k++) {
            models[0].requireSameLayout(models[k], "update " + k);
        }
        int n = models[0].size();
        float[] out = new float[n];
        float[] scale = new float[models.length];
        for (int k = 0; k < models.length; k++) {
            scale[k] = (float) (weights[k] / total);
        }
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            float s0 = scale[0];
            float[] x0 = models[0].values();
            for (int i = start; i < end; i++) {
                out[i] = s0 * x0[i];
            }
            int k = 1;
            for (; k + 3 < models.length; k += 4) {
                // four updates per pass: the same additions in the same order as one pass each (so the
                // same bits), but the output block is loaded and stored once instead of four times
                float sa = scale[k];
                float sb = scale[k + 1];
                float sc = scale[k + 2];
                float sd = scale[k + 3];
                float[] xa = models[k].values();
                float[] xb = models[k + 1].values();
                float[] xc = models[k + 2].values();
                float[] xd = models[k + 3].values();
                for (int i = start; i < end; i++) {
                    float o = out[i] + sa * xa[i];
                    o += sb * xb[i];
                    o += sc * xc[i];
                    out[i] = o + sd * xd[i];
                }
            }
            for (; k < models.length; k++) {
                float s = scale[k];
                float[] x = models[k].values();
                for (int i = start; i < end; i++) {
                    out[i] += s * x[i];
                }
            }
        }
        return models[0].withValues(out);
    }
}
