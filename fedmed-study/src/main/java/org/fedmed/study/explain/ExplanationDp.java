package org.fedmed.study.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the sites' mean |SHAP| left them under the study's DP: clipped rows, Gaussian noise, and the
 * cost, per site, of the explanation alone and of everything the site released (training and
 * explanation together, composed in RDP).
 *
 * @param level               {@code sample} (one record protected; booked in each site's ledger) or {@code client}
 *                            (a whole site protected; composed with the coordinator's client-level accountant)
 * @param epsilonExplanation  per site, ε of the explanation release alone at δ
 * @param epsilonTotal        per site, ε of training and explanation together at δ
 * @param seeded              noise drawn from the seed (research only, not private)
 */
public record ExplanationDp(String level, double clip, double noiseMultiplier, double delta,
                           Map<String, Double> epsilonExplanation, Map<String, Double> epsilonTotal, boolean seeded) {

    public ExplanationDp {
        epsilonExplanation = Collections.unmodifiableMap(new LinkedHashMap<>(epsilonExplanation));
        epsilonTotal = Collections.unmodifiableMap(new LinkedHashMap<>(epsilonTotal));
    }
}
