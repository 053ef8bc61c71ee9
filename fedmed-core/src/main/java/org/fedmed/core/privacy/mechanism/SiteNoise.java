package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Checks;

/**
 * Site-side noise for <b>distributed</b> DP-FedAvg: each of the m participants adds independent
 * N(0, (σ·C)²/m) per coordinate to its clipped delta, so the SUM of the m contributions carries
 * exactly the N(0, (σ·C)²) noise the coordinator would add in central mode. Meant for a later secure
 * aggregation, where the coordinator only ever sees the sum; without secure aggregation each single
 * contribution is only weakly protected (noise σ/√m) and the guarantee holds only for the sum.
 * If fewer than m sites answer, the sum carries less noise than accounted for: the coordinator
 * must then treat the round as failed (or the sites must over-noise for expected dropouts).
 */
public final class SiteNoise {

    private SiteNoise() {
    }

    /** Standard deviation one site adds per coordinate: σ·C/√m. */
    public static double siteStd(double noiseMultiplier, double clipNorm, int participants) {
        Checks.noiseMultiplier(noiseMultiplier);
        UpdateClipping.checkClipNorm(clipNorm);
        checkParticipants(participants);
        return noiseMultiplier * clipNorm / Math.sqrt(participants);
    }

    /** {@code clippedDelta} plus this site's share of the noise (a new object). */
    public static ModelWeights addNoise(ModelWeights clippedDelta, double noiseMultiplier, double clipNorm,
                                        int participants, GaussianNoise noise) {
        double std = siteStd(noiseMultiplier, clipNorm, participants);
        float[] out = clippedDelta.values().clone();
        noise.addTo(out, 0, out.length, std);
        return clippedDelta.withValues(out);
    }

    /**
     * Per-tensor variant: tensor i gets N(0, (σ_i·C_i)²/m), so the sum over m sites carries
     * (σ_i·C_i)² per coordinate of tensor i, as the central per-layer mechanism does.
     */
    public static ModelWeights addNoisePerTensor(ModelWeights clippedDelta, double[] noiseMultipliers,
                                                 double[] clipNorms, int participants, GaussianNoise noise) {
        if (noiseMultipliers.length != clippedDelta.tensorCount() || clipNorms.length != clippedDelta.tensorCount()) {
            throw new IllegalArgumentException("need one noise multiplier and clip norm per tensor ("
                    + clippedDelta.tensorCount() + ")");
        }
        float[] out = clippedDelta.values().clone();
        for (int t = 0; t < clipNorms.length; t++) {
            int from = clippedDelta.offset(t);
            int to = from + clippedDelta.specs().get(t).numel();
            noise.addTo(out, from, to, siteStd(noiseMultipliers[t], clipNorms[t], participants));
        }
        return clippedDelta.withValues(out);
    }

    public static int checkParticipants(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("participants per round must be >= 1, got " + m);
        }
        return m;
    }
}
