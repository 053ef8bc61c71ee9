package org.fedmed.study;

/**
 * Explain the final model. A tabular model is explained by each site on its own rows
 * (Kernel SHAP and permutation importance, aggregated by the coordinator); an image model by
 * integrated-gradients saliency on a few of the coordinator's test images. See docs/EXPLANATIONS.md.
 *
 * @param rows            rows each site explains (its first rows after a seeded shuffle; fewer if it has fewer)
 * @param minRows         a site with fewer rows than this refuses to explain (one mean over few rows reveals them)
 * @param clip            under DP: the L2 bound on each row's |SHAP| vector
 * @param noiseMultiplier under DP: the Gaussian noise on each site's sum of clipped |SHAP| vectors, in units of {@code clip}
 */
public record ExplainSpec(int rows, int minRows, double clip, double noiseMultiplier) {

    public static final int DEFAULT_ROWS = 50;
    public static final int DEFAULT_MIN_ROWS = 20;
    public static final double DEFAULT_CLIP = 0.5;
    public static final double DEFAULT_NOISE = 1.0;

    public ExplainSpec {
        if (rows < 2) {
            throw new IllegalArgumentException("explain_rows must be at least 2, got " + rows);
        }
        if (minRows < 2) {
            throw new IllegalArgumentException("explain_min_rows must be at least 2, got " + minRows);
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("explain_clip must be a positive number, got " + clip);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("explain_noise must be a positive number, got " + noiseMultiplier);
        }
    }
}
