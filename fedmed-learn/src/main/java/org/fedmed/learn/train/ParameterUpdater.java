package org.fedmed.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;

/**
 * One local optimizer run (one {@code fit} call): SGD with momentum or Adam, L2 weight decay, and the
 * FedProx proximal term, over the trainable parameter arrays.
 *
 * <p>The update of parameter w with gradient g of the data loss is computed from
 * <pre>  g' = g + λ·w + μ·(w − w_start) [+ δ]</pre>
 * where λ is the weight decay, μ the FedProx coefficient and w_start the weights the fit started from
 * (the global model). The μ term is the gradient of (μ/2)‖w − w_start‖², so adding it before the
 * step is exactly the FedProx objective. It is computed as {@code g − μ·w_start} followed by the
 * engine's fused update with decay {@code λ + μ}: one extra element-wise operation per tensor. δ is an
 * optional constant offset per array ({@link #addToGradients}, SCAFFOLD's correction).
 *
 * <ul>
 *   <li>SGD: v ← m·v + lr·g'; w ← w − v (equal to PyTorch's SGD for a constant learning rate; with
 *       m = 0 simply w ← w − lr·g').
 *   <li>Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8, L2 decay added to the gradient, not AdamW):
 *       m ← β1·m + (1−β1)·g'; s ← β2·s + (1−β2)·g'²; w ← w − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√s + ε).
 * </ul>
 *
 * <p>All state lives in the manager passed at creation (closed with the fit), gradients are zeroed
 * by the fused update, and per-step gradient handles go to the step's manager.
 */
public final class ParameterUpdater {

    public static final float ADAM_BETA1 = 0.9f;
    public static final float ADAM_BETA2 = 0.999f;
    public static final float ADAM_EPSILON = 1e-8f;

    private final List<NDArray> weights;
    private final List<NDArray> proxAnchors; // μ·w_start, or null entries when μ = 0
    private List<NDArray> offsets; // SCAFFOLD's c − c_i per trainable array, or null
    private final List<NDArray> state1;
    private final List<NDArray> state2;
    private final OptimizerKind kind;
    private final float learningRate;
    private final float momentum;
    private final float decay; // λ + μ
    private final float mu;
    private int steps;

    /**
     * Prepares an optimizer for {@code trainable}, whose current values are taken as w_start.
     *
     * @param trainable parameter arrays the optimizer updates (they must require gradients)
     * @param config    learning rate, optimizer kind, momentum, weight decay and μ
     * @param manager   owns the optimizer state; close it to free the state
     */
    public ParameterUpdater(List<NDArray> trainable, TrainingConfig config, NDManager manager) {
        this.weights = List.copyOf(trainable);
        this.kind = config.optimizer();
        this.learningRate = (float) config.learningRate();
        this.momentum = (float) config.momentum();
        this.mu = (float) config.proximalMu();
        this.decay = (float) (config.weightDecay() + config.proximalMu());
        this.proxAnchors = new ArrayList<>(weights.size());
        this.state1 = new ArrayList<>(weights.size());
        this.state2 = new ArrayList<>(weights.size());
        for (NDArray w : weights) {
            if (mu > 0) {
                NDArray anchor = w.mul(mu);
                anchor.attach(manager);
                proxAnchors.add(anchor);
            } else {
                proxAnchors.add(null);
            }
            if (kind == OptimizerKind.ADAM) {
                state1.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
                state2.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            } else if (momentum > 0) {
                state1.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            }
        }
    }

    /**
     * Adds {@code perArray} (one array per trainable array, same shapes, owned by the fit's manager) to
     * every gradient before the step: SCAFFOLD's drift correction c − c_i, the gradient of ⟨c − c_i, w⟩.
     */
    public void addToGradients(List<NDArray> perArray) {
        if (perArray.size() != weights.size()) {
            throw new IllegalArgumentException(perArray.size() + " gradient offsets for " + weights.size() + " trainable arrays");
        }
        this.offsets = List.copyOf(perArray);
    }

    /** Optimizer steps taken so far. */
    public int steps() {
        return steps;
    }

    /**
     * Applies one update from the gradients currently accumulated on the weights, then zeroes them.
     *
     * @param stepManager receives the temporary gradient handles; closed by the caller after the step
     */
    public void step(NDManager stepManager) {
        List<NDArray> gradients = new ArrayList<>(weights.size());
        for (NDArray w : weights) {
            NDArray g = w.getGradient();
            g.attach(stepManager);
            gradients.add(g);
        }
        step(stepManager, gradients);
    }

    /**
     * Applies one update from the given gradients (one per trainable array, same shapes), e.g. the
     * noisy clipped gradient of DP-SGD; the arrays may be modified.
     */
    public void step(NDManager stepManager, List<NDArray> gradients) {
        if (gradients.size() != weights.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + weights.size() + " trainable arrays");
        }
        steps++;
        float adamLr = 0;
        if (kind == OptimizerKind.ADAM) {
            double bc1 = 1 - Math.pow(ADAM_BETA1, steps);
            double bc2 = 1 - Math.pow(ADAM_BETA2, steps);
            adamLr = (float) (learningRate * Math.sqrt(bc2) / bc1);
        }
        for (int i = 0; i < weights.size(); i++) {
            NDArray w = weights.get(i);
            NDArray g = gradients.get(i);
            NDArray anchor = proxAnchors.get(i);
            if (anchor != null) {
                g.subi(anchor);
            }
            if (offsets != null) {
                g.addi(offsets.get(i));
            }
            NDList target = new NDList(w);
            if (kind == OptimizerKind.ADAM) {
                w.getNDArrayInternal().adamUpdate(new NDList(w, g, state1.get(i), state2.get(i)), target,
                        learningRate, adamLr, decay, 1f, -1f, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, false, false);
            } else if (momentum > 0) {
                w.getNDArrayInternal().sgdUpdate(new NDList(w, g, state1.get(i)), target,
                        learningRate, decay, 1f, -1f, momentum, false);
            } else {
                w.getNDArrayInternal().sgdUpdate(new NDList(w, g), target, learningRate, decay, 1f, -1f, 0f, false);
            }
        }
    }

    /** The FedProx coefficient μ. */
    public float mu() {
        return mu;
    }
}
