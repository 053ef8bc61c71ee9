package org.fedmed.core.aggregate;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.GaussianNoise;

/**
 * {@code adaptive_clip(γ, η, σ_b)}: reads the sites' clip bits ({@link ClipStage#BELOW}) and moves
 * the clip norm the next round's clip stage uses towards the γ-quantile of the update norms, from a
 * noised centred count. The model passes through unchanged. State: the clip norm.
 */
public final class AdaptiveClipStage implements ServerStage {

    static final String STATE = "dp.clip";

    private final AdaptiveClipping clipping;
    private final Supplier<GaussianNoise> noise;

    public AdaptiveClipStage(AdaptiveClipping clipping, Supplier<GaussianNoise> noise) {
        this.clipping = clipping;
        this.noise = noise;
    }

    @Override
    public String describe() {
        return "adaptive_clip(γ=" + clipping.targetQuantile() + ", η=" + clipping.learningRate() + ", σ_b="
                + clipping.countNoiseStd() + ", centred count)";
    }

    @Override
    public ModelWeights apply(AggregationRound round, List<Contribution> in, ModelWeights proposed) {
        int below = 0;
        for (Contribution c : in) {
            Double bit = c.reports().get(ClipStage.BELOW);
            if (bit == null || !(bit == 0.0 || bit == 1.0)) {
                throw new IllegalArgumentException("site " + c.siteId() + " round " + round.round()
                        + ": adaptive clipping needs its clip bit '" + ClipStage.BELOW + "' (0 or 1), got " + bit);
            }
            below += bit.intValue();
        }
        clipping.update(below, in.size(), round.expected(), noise.get());
        return proposed;
    }

    @Override
    public Map<String, float[]> saveState() {
        return Map.of(STATE, StateCodec.encode(new double[] {clipping.clipNorm()}));
    }

    @Override
    public void restoreState(Map<String, float[]> arrays) {
        float[] c = arrays.get(STATE);
        if (c != null) {
            clipping.restoreClipNorm(StateCodec.decode(c)[0]);
        }
    }
}
