package org.fedmed.learn.dp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;

/**
 * DP-SGD's per-example step: the sum over a batch of each example's gradient clipped to an L2 bound.
 * Two ways to get it: one pass for the whole batch where the layers allow it ({@link PerExampleClipper}),
 * or one backward per example ({@link ExampleByExample}), which any block without cross-example layers
 * allows. Both compute the same numbers; the first is faster.
 */
public interface PerExampleGradients {

    /**
     * Forward and backward of one batch; the result's arrays belong to {@code step}. The caller holds the
     * engine's gradient recording for the duration (see {@code DjlTrainer}).
     *
     * @param x        a batch of inputs [b, ...]
     * @param targets  one-hot rows scaled by class weight [b, k]; example i's loss is −Σ tᵢ·log softmax
     * @param clipNorm C
     * @param training whether dropout is active
     */
    ClippedSum clippedSum(Engine engine, NDArray x, NDArray targets, float clipNorm, boolean training, NDManager step);

    /**
     * The way for a model: one pass for logreg, mlp, cnn and cnn1d when every tensor trains; example by
     * example for the lstm and for a model with frozen tensors (the one-pass layer list indexes the whole
     * model). BatchNorm (resnet) and the Cox likelihood couple the examples of a batch and are refused.
     *
     * @param block     the trainer's block
     * @param trainable the arrays the optimizer updates (frozen ones left out)
     * @param partial   whether some trainable tensors of the block are frozen
     */
    static PerExampleGradients forModel(ModelSpec spec, Block block, List<NDArray> trainable, boolean partial) {
        ModelArchitecture a = spec.architecture();
        if (a == ModelArchitecture.RESNET || a == ModelArchitecture.COX) {
            return PerExampleClipper.forModel(spec, trainable); // refuses, saying why
        }
        if (partial || a == ModelArchitecture.LSTM) {
            return new ExampleByExample(block, trainable);
        }
        return PerExampleClipper.forModel(spec, trainable);
    }
}
