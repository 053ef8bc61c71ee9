package org.fedmed.learn.dp;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The clipped gradient sum of a batch (one array per trainable tensor, in the optimizer's order), its
 * loss sum and each example's gradient norm before clipping.
 */
public record ClippedSum(List<NDArray> gradients, double lossSum, float[] norms) {
}
