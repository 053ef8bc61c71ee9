package org.fedmed.learn.inversion;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.training.ModelSpec;

/**
 * Reconstructs the training image behind one observed gradient of the bundled CNN, as a curious
 * coordinator holding the global weights could ("Inverting Gradients", Geiping et al. 2020; after
 * DLG, Zhu et al. 2019).
 *
 * <p>The label comes first, read off the gradient (iDLG, Zhao et al. 2020): with softmax
 * cross-entropy the last layer's bias gradient is softmax − onehot(y), negative only at the true
 * class, so the label is its smallest entry. Then a dummy image, started from seeded uniform noise in
 * [0, 1], is optimised with Adam to minimise
 *
 * <pre>  1 − ⟨∇θ ℓ(x̂, y), g⟩ / (‖∇θ ℓ(x̂, y)‖·‖g‖)  +  α·TV(x̂)</pre>
 *
 * over all parameters θ (the cosine distance of Geiping et al., blind to the update's scale, so a
 * weight delta −lr·g serves as well as g), with TV the mean absolute difference of neighbouring
 * pixels. Pixels are clamped to [0, 1] after every step (the data's range: images are scaled to
 * [0, 1] and not normalised further), and the step size drops tenfold at 3/8, 5/8 and 7/8 of the
 * steps, as in Geiping et al. The gradient of this loss in x̂ needs second derivatives; see
 * {@link CnnGradient} for how they are obtained.
 *
 * <p>Gradient recording in DJL's PyTorch engine is process-wide: do not reconstruct while another
 * thread trains (the audit runs its training and its attacks on one thread).
 */
public final class GradientInversion {

    /**
     * How the attack runs: Adam steps, its step size, the TV weight α, the seed of the starting noise
     * and the number of trials (restarts from fresh noise; the lowest final matching loss wins, as in
     * Geiping et al.: a single run now and then ends in a poor local minimum).
     */
    public record Settings(int steps, double learningRate, double tvWeight, long seed, int trials) {
        public Settings {
            if (steps <= 0) {
                throw new IllegalArgumentException("steps must be positive, got " + steps);
            }
            if (trials <= 0) {
                throw new IllegalArgumentException("trials must be positive, got " + trials);
            }
            if (!(learningRate > 0) || !(tvWeight >= 0)) {
                throw new IllegalArgumentException("learning rate must be positive and TV weight non-negative, got "
                        + learningRate + " and " + tvWeight);
            }
        }
    }

    /** A reconstruction: the image (row-major, [0, 1]), the inferred label, the final matching loss and the starting noise of the winning trial. */
    public record Reconstruction(float[] image, int label, double loss, float[] start) {
    }

    private static final String ENGINE = "PyTorch";
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private GradientInversion() {
    }

    /** The gradient a one-step SGD update implies: −Δ / lr (the coordinator knows the study's learning rate). */
    public static ModelWeights gradientOfStep(ModelWeights before, ModelWeights after, double learningRate) {
        ModelWeights delta = after.minus(before);
        return delta.withValues(scaled(delta.values(), -1 / learningRate));
    }

    /** iDLG: the class whose last-layer bias gradient is smallest (the only negative one for a clear single-image gradient). */
    public static int inferLabel(ModelWeights gradient) {
        int last = gradient.tensorCount() - 1;
        int from = gradient.offset(last);
        float[] v = gradient.values();
        int best = 0;
        for (int c = 1; from + c < v.length; c++) {
            if (v[from + c] < v[from + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The exact gradient of the cross-entropy of {@code image} (row-major, one channel) with {@code label}. */
    public static ModelWeights gradient(ModelSpec spec, ModelWeights weights, float[] image, int label) {
        try (NDManager m = NDManager.newBaseManager(ENGINE)) {
            CnnGradient f = CnnGradient.of(spec, weights, m);
            NDArray x = m.create(image, new Shape(1, 1, f.height(), f.width()));
            float[] out = new float[weights.size()];
            List<NDArray> g = f.gradient(x, label);
            for (int i = 0; i < g.size(); i++) {
                float[] t = g.get(i).toFloatArray();
                System.arraycopy(t, 0, out, weights.offset(i), t.length);
            }
            return weights.withValues(out);
        }
    }

    /** Reconstructs the image behind {@code observed}, a gradient (or any positive multiple) at {@code weights}. */
    public static Reconstruction reconstruct(ModelSpec spec, ModelWeights weights, ModelWeights observed, Settings s) {
        CnnGradient.requireSupported(spec);
        weights.requireSameLayout(observed, "observed gradient");
        int label = inferLabel(observed);
        Engine engine = Engine.getEngine(ENGINE);
        try (NDManager base = NDManager.newBaseManager(ENGINE)) {
            CnnGradient f = CnnGradient.of(spec, weights, base);
            List<NDArray> target = new ArrayList<>();
            for (int i = 0; i < observed.tensorCount(); i++) {
                float[] v = Arrays.copyOfRange(observed.values(), observed.offset(i), i + 1 < observed.tensorCount()
                        ? observed.offset(i + 1) : observed.size());
                target.add(base.create(v, new Shape(Arrays.stream(observed.specs().get(i).shape()).asLongStream().toArray())));
            }
            double targetNorm = observed.l2Norm();
            if (!(targetNorm > 0)) {
                throw new IllegalArgumentException("the observed gradient is zero: there is nothing to invert");
            }
            Reconstruction best = null;
            for (int trial = 0; trial < s.trials(); trial++) {
                long seed = trial == 0 ? s.seed() : Seeds.mix(s.seed(), trial);
                Reconstruction r = attempt(engine, f, target, targetNorm, label, s, seed, base);
                if (best == null || r.loss() < best.loss()) {
                    best = r;
                }
            }
            return best;
        }
    }

    /** One run of the attack from noise seeded by {@code seed}. */
    private static Reconstruction attempt(Engine engine, CnnGradient f, List<NDArray> target, double targetNorm, int label,
                                          Settings s, long seed, NDManager base) {
        Random rng = new Random(seed);
        float[] x = new float[f.pixels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        float[] start = x.clone();
        double[] m1 = new double[x.length];
        double[] m2 = new double[x.length];
        double loss = Double.NaN;
        for (int t = 1; t <= s.steps(); t++) {
            float[] grad;
            try (NDManager step = base.newSubManager()) {
                NDArray dummy = step.create(x, new Shape(1, 1, f.height(), f.width()));
                dummy.setRequiresGradient(true);
                NDArray objective;
                try (GradientCollector collector = engine.newGradientCollector()) {
                    List<NDArray> g = f.gradient(dummy, label);
                    NDArray dot = step.zeros(new Shape());
                    NDArray sq = step.zeros(new Shape());
                    for (int i = 0; i < g.size(); i++) {
                        dot = dot.add(g.get(i).mul(target.get(i)).sum());
                        sq = sq.add(g.get(i).square().sum());
                    }
                    NDArray cosine = dot.div(sq.sqrt().mul((float) targetNorm).add(1e-12f));
                    objective = cosine.neg().add(1f).add(totalVariation(dummy).mul((float) s.tvWeight()));
                    collector.backward(objective);
                }
                loss = objective.getFloat();
                grad = dummy.getGradient().toFloatArray();
            }
            double lr = s.learningRate() * decay(t, s.steps());
            // StrictMath: Math.pow may differ in the last bit between interpreted and JIT-compiled code
            double c1 = 1 - StrictMath.pow(BETA1, t);
            double c2 = 1 - StrictMath.pow(BETA2, t);
            for (int i = 0; i < x.length; i++) {
                m1[i] = BETA1 * m1[i] + (1 - BETA1) * grad[i];
                m2[i] = BETA2 * m2[i] + (1 - BETA2) * grad[i] * grad[i];
                double v = x[i] - lr * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + EPSILON);
                x[i] = (float) Math.min(1, Math.max(0, v));
            }
        }
        return new Reconstruction(x, label, loss, start);
    }

    /** Step-size factor: 1, then 0.1 from 3/8 of the steps, 0.01 from 5/8, 0.001 from 7/8. */
    static double decay(int step, int steps) {
        double at = (double) step / steps;
        return at <= 3.0 / 8 ? 1 : at <= 5.0 / 8 ? 0.1 : at <= 7.0 / 8 ? 0.01 : 0.001;
    }

    /** Mean absolute difference between vertically and between horizontally neighbouring pixels. */
    private static NDArray totalVariation(NDArray x) {
        NDArray dy = x.get(new NDIndex(":, :, 1:, :")).sub(x.get(new NDIndex(":, :, :-1, :"))).abs().mean();
        NDArray dx = x.get(new NDIndex(":, :, :, 1:")).sub(x.get(new NDIndex(":, :, :, :-1"))).abs().mean();
        return dy.add(dx);
    }

    private static float[] scaled(float[] v, double factor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * factor);
        }
        return out;
    }
}
