package org.fedmed.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The data term of one mini-batch's loss, summed over the batch (the trainer divides by the batch
 * size). Classification compares each example with its own target; a survival loss compares each
 * example with the others of its batch, so the batch's rows are given both on the host and the device.
 */
public interface BatchLoss {

    /**
     * @param outputs the model's outputs for the batch, one row per example
     * @param rows    the batch's example indices into the fit's data set
     * @param index   the same indices on the device
     * @param step    the batch's manager, owner of any array made here
     */
    NDArray sum(NDArray outputs, int[] rows, NDArray index, NDManager step);

    /** Softmax cross-entropy against per-example target rows (class-weighted one-hot, on the device, one row per example). */
    static BatchLoss crossEntropy(NDArray targets) {
        return (outputs, rows, index, step) -> {
            NDArray t = targets.get(index);
            t.attach(step);
            return outputs.logSoftmax(1).mul(t).sum().neg();
        };
    }

    /**
     * The ridge classifier's data term (ROCKET's classifier for small data sets, Dempster et al. 2020):
     * w · ½ Σ_c (z_c − y_c)² with y_c = +1 for the example's class and −1 for the others, w the example's
     * class weight (the row sum of its weighted one-hot target). Least squares rather than cross-entropy
     * because with far more features than examples the cross-entropy's minimizer runs off to infinity
     * along the separating direction, while least squares stays near the min-norm fit.
     */
    static BatchLoss squared(NDArray targets) {
        return (outputs, rows, index, step) -> {
            NDArray t = targets.get(index);
            t.attach(step);
            NDArray weight = t.sum(new int[] {1}, true);
            NDArray signs = t.div(weight).mul(2).sub(1);
            return outputs.sub(signs).square().sum(new int[] {1}, true).mul(weight).sum().mul(0.5f);
        };
    }

    /**
     * Distillation: T² · Σ −qᵢ·log softmax(zᵢ / T) against soft target rows q (each summing to 1), the
     * KL divergence from the teacher up to the teacher's entropy; T² keeps the gradient's size as T grows.
     */
    static BatchLoss softTargets(NDArray targets, float temperature) {
        return (outputs, rows, index, step) -> {
            NDArray t = targets.get(index);
            t.attach(step);
            return outputs.div(temperature).logSoftmax(1).mul(t).sum().neg().mul(temperature * temperature);
        };
    }
}
