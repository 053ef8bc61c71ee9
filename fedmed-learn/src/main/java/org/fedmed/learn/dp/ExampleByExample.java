package org.fedmed.learn.dp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-example clipping by definition: for each example of the batch, a forward and backward through the
 * trainer's own block, its gradient over the trainable arrays clipped to C and added to the sum. It
 * costs one backward per example, but needs no rewriting of the model, so it serves layers the one-pass
 * clipper has no form for (the LSTM's recurrence) and models with frozen tensors, whose gradients are
 * neither clipped nor released.
 */
final class ExampleByExample implements PerExampleGradients {

    private final Block block;
    private final List<NDArray> trainable;

    ExampleByExample(Block block, List<NDArray> trainable) {
        this.block = block;
        this.trainable = List.copyOf(trainable);
    }

    @Override
    public ClippedSum clippedSum(Engine engine, NDArray x, NDArray targets, float clipNorm, boolean training, NDManager step) {
        int b = Math.toIntExact(x.getShape().get(0));
        List<NDArray> sums = new ArrayList<>(trainable.size());
        for (NDArray w : trainable) {
            sums.add(step.zeros(w.getShape()));
        }
        float[] norms = new float[b];
        double lossSum = 0;
        for (int i = 0; i < b; i++) {
            try (NDManager one = step.newSubManager()) {
                NDArray xi = x.get(i).expandDims(0);
                xi.attach(one);
                NDArray ti = targets.get(i).expandDims(0);
                ti.attach(one);
                NDArray loss;
                try (GradientCollector c = engine.newGradientCollector()) {
                    NDArray logits = block.forward(new ParameterStore(one, false), new NDList(xi), training).singletonOrThrow();
                    loss = logits.logSoftmax(1).mul(ti).sum().neg();
                    c.backward(loss);
                }
                lossSum += loss.getFloat();
                List<NDArray> grads = new ArrayList<>(trainable.size());
                double sq = 0;
                for (NDArray w : trainable) {
                    NDArray g = w.getGradient();
                    g.attach(one);
                    NDArray copy = g.duplicate();
                    g.muli(0); // the engine adds up gradients across backward passes: the next example starts from zero
                    grads.add(copy);
                    sq += copy.square().sum().getFloat();
                }
                norms[i] = (float) Math.sqrt(sq);
                float factor = (float) (clipNorm / Math.max(norms[i], clipNorm));
                for (int j = 0; j < grads.size(); j++) {
                    sums.get(j).addi(grads.get(j).mul(factor));
                }
            }
        }
        return new ClippedSum(sums, lossSum, norms);
    }
}
