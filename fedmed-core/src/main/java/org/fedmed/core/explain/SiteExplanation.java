package org.fedmed.core.explain;

/**
 * One site's explanation of the global model on its own rows, as it leaves the site.
 *
 * @param site                  the site id
 * @param rows                  rows explained (the weight of this site in the aggregate)
 * @param meanAbsShap           mean |SHAP| per feature (clipped and noisy under DP)
 * @param permutationImportance mean increase in Brier score per shuffled feature, or null where withheld
 * @param seconds               wall time the site spent on it
 */
public record SiteExplanation(String site, int rows, double[] meanAbsShap, double[] permutationImportance, double seconds) {

    public SiteExplanation {
        if (rows <= 0) {
            throw new IllegalArgumentException("site " + site + ": an explanation needs rows, got " + rows);
        }
        if (permutationImportance != null && permutationImportance.length != meanAbsShap.length) {
            throw new IllegalArgumentException("site " + site + ": " + meanAbsShap.length + " SHAP features but "
                    + permutationImportance.length + " permutation importances");
        }
    }

    public int features() {
        return meanAbsShap.length;
    }
}
