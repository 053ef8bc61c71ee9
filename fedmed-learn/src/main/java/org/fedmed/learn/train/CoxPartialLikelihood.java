package org.fedmed.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Cox's negative log partial likelihood over one mini-batch, Breslow's handling of tied times, as
 * FLamby trains its Fed-TCGA-BRCA baseline: for risk scores s, times T and events E of the b examples
 * of a batch,
 * <pre>  Σᵢ Eᵢ · ( log Σ_{j : Tⱼ ≥ Tᵢ} exp(sⱼ) − sᵢ )</pre>
 * summed here and divided by b (censored examples included) by the trainer. The risk sets are those of
 * the batch, not of the whole data set: that is what makes mini-batch training of a Cox model possible,
 * and what FLamby does. (FLamby's code orders the batch by time and lets a tied example see only those
 * sorted before it; Breslow's rule lets every tied example see all of them. The two agree when a batch
 * has no tied times.)
 */
public final class CoxPartialLikelihood implements BatchLoss {

    private final float[] times;
    private final int[] events;

    /** @param times and events: each example's of the fit's data set, in data-set order */
    public CoxPartialLikelihood(float[] times, int[] events) {
        if (times == null || times.length != events.length) {
            throw new IllegalArgumentException("the Cox loss needs one time per example: survival data (times with event labels)");
        }
        this.times = times.clone();
        this.events = events.clone();
    }

    @Override
    public NDArray sum(NDArray outputs, int[] rows, NDArray index, NDManager step) {
        int b = rows.length;
        // the risk sets as a b×b 0/1 matrix built on the host, where times live: riskSet[i][j] = (Tⱼ ≥ Tᵢ)
        float[] riskSet = new float[b * b];
        float[] event = new float[b];
        for (int i = 0; i < b; i++) {
            event[i] = events[rows[i]];
            for (int j = 0; j < b; j++) {
                riskSet[i * b + j] = times[rows[j]] >= times[rows[i]] ? 1f : 0f;
            }
        }
        NDArray s = outputs.reshape(b);
        // log-sum-exp shifted by the batch's largest score, so that exp cannot overflow; the shift cancels
        NDArray shift = s.max().stopGradient();
        NDArray sums = step.create(riskSet, new Shape(b, b)).matMul(s.sub(shift).exp().reshape(b, 1)).reshape(b);
        return sums.log().add(shift).sub(s).mul(step.create(event)).sum();
    }
}
