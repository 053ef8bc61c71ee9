package org.fedmed.core.explain;

import java.util.Locale;
import java.util.Objects;
import org.fedmed.core.model.ModelWeights;

/**
 * What a site is asked to explain: the final model, how many of its rows, and how the result may
 * leave it. The same request runs in a simulated site and in a hospital's node, which checks it
 * against the study its operator approved and its own privacy policy before it computes anything.
 *
 * @param round           the round whose model this is (the study's last)
 * @param weights         the global model
 * @param rows            rows the site explains (under sample-level DP: the expected count of a Poisson sample)
 * @param minRows         a site with fewer training rows refuses
 * @param release         how the site's mean |SHAP| leaves it
 * @param clip            under DP: the L2 bound on each row's |SHAP| vector
 * @param noiseMultiplier under DP: σ, in units of the clip
 * @param seededNoise     research only: sampling and noise from the seed (no real privacy)
 * @param seed            the study's seed: coalitions, background rows and (in clear) the explained rows
 */
public record ExplainRequest(int round, ModelWeights weights, int rows, int minRows, Release release, double clip,
                             double noiseMultiplier, boolean seededNoise, long seed) {

    /** How a site's explanation leaves it. */
    public enum Release {
        /** The mean |SHAP| as computed (a study without DP). */
        CLEAR,
        /** One record protected: a Poisson sample of rows, clipped, noise on the sum; booked in the site's ledger. */
        SAMPLE,
        /** A whole site protected: noise on the site's clipped mean; accounted with the study's client-level DP. */
        CLIENT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Release of(String id) {
            for (Release r : values()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("explanation release '" + id + "' is not one of clear, sample, client");
        }
    }

    public ExplainRequest {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(release, "release");
        if (rows < 2 || minRows < 2) {
            throw new IllegalArgumentException("an explanation needs at least 2 rows and a minimum of at least 2, got rows " + rows
                    + ", min rows " + minRows);
        }
        if (release != Release.CLEAR && (!(clip > 0) || !Double.isFinite(clip) || !(noiseMultiplier > 0)
                || !Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("an explanation under DP needs a positive clip and noise multiplier, got clip " + clip
                    + ", noise " + noiseMultiplier);
        }
    }

    public boolean isPrivate() {
        return release != Release.CLEAR;
    }

    /** Under sample-level DP, the chance each of a site's {@code n} rows is explained. */
    public double samplingRate(int n) {
        return Math.min(1.0, rows / (double) n);
    }
}
