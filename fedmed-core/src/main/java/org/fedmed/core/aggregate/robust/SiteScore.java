package org.fedmed.core.aggregate.robust;

/**
 * How a scoring rule judged one update in a round.
 *
 * @param score      the rule's score: FLTrust's trust score ReLU(cos), the screen's cosine with the
 *                   robust direction
 * @param gain       the reference loss of global minus that of global + this update (positive: it
 *                   helped), or NaN when not measured
 * @param kept       whether the update entered the aggregate (with a weight above zero)
 * @param reputation the site's reputation after this round (1 = always kept), NaN when the rule keeps none
 */
public record SiteScore(double score, double gain, boolean kept, double reputation) {
}
