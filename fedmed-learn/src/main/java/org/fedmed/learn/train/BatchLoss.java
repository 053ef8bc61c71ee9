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
