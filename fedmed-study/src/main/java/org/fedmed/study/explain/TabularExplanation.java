package org.fedmed.study.explain;

import java.util.List;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.SiteExplanation;

/**
 * The sites' explanations of the final tabular model and their aggregate.
 *
 * @param features                  feature names after preprocessing, in model order
 * @param aggregate                 row-weighted mean |SHAP| (and permutation importance) over the sites that explained
 * @param sites                     what each explaining site released
 * @param refusals                  one line per site that refused (too few rows)
 * @param explainedClass            the class whose probability is explained
 * @param background                what stood in for absent features
 * @param coalitions                coalitions per explained row
 * @param pooledPermutationImportance the centralized (pooled) model's permutation importance on the pooled training data, or
 *                                  null without baselines: the reference the federated ranking is compared with
 * @param dp                        the release's DP settings and cost, or null when released in clear
 */
public record TabularExplanation(List<String> features, FederatedExplanation aggregate, List<SiteExplanation> sites,
                                 List<String> refusals, String explainedClass, String background, int coalitions,
                                 double[] pooledPermutationImportance, ExplanationDp dp) {

    /**
     * Features compared between the federated SHAP ranking and the pooled model's permutation importance:
     * 10 of WDBC's 30, since correlated features (radius, perimeter, area) trade places within a group.
     */
    public static final int TOP = 10;

    public TabularExplanation {
        features = List.copyOf(features);
        sites = List.copyOf(sites);
        refusals = List.copyOf(refusals);
    }

    /** How many of the top {@value #TOP} by federated mean |SHAP| are in the pooled model's top {@value #TOP} by permutation importance; -1 without it. */
    public int sharedTopFeatures() {
        return aggregate == null || pooledPermutationImportance == null ? -1
                : FederatedExplanation.sharedTop(aggregate.meanAbsShap(), pooledPermutationImportance, Math.min(TOP, features.size()));
    }
}
