package org.fedmed.study;

import org.fedmed.core.contribution.ContributionMethod;

/**
 * Simulation: which contribution values to compute from the round updates (docs/CONTRIBUTION.md) and the
 * reward pool split by them.
 */
public record ContributionSpec(ContributionMethod method, double rewardPool) {

    /** The pool split when {@code reward_pool} is not given. */
    public static final double DEFAULT_POOL = 100;

    public ContributionSpec {
        if (method == null) {
            throw new IllegalArgumentException("a contribution spec needs a method");
        }
        if (!(rewardPool >= 0) || !Double.isFinite(rewardPool)) {
            throw new IllegalArgumentException("reward_pool must be a finite number >= 0, got " + rewardPool);
        }
    }

    /** Why a study cannot have contribution values as set, or null when it can. */
    static String refusal(SecureSpec secure, ClientDpSpec clientDp) {
        if (secure != null && secure.groups() < 2) {
            return "contribution cannot be computed under secure_aggregation " + secure.protection() + " with one sum per"
                    + " round: the coordinator sees only the sum, never a site's update; set secure_groups (values are then"
                    + " per secure group and round) or remove contribution";
        }
        if (clientDp != null && !clientDp.seededNoise()) {
            return "contribution under client-level DP is refused outside seeded research runs: per-site values computed"
                    + " from individual updates are a release the DP accounting does not cover; remove contribution or set"
                    + " dp_seeded_noise";
        }
        return null;
    }
}
