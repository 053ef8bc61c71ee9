package org.fedmed.core.aggregate;

import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;

/** What a site stage may use besides the delta: who and when, and the site's own noise source. */
public record SiteContext(String siteId, int round, GaussianNoise noise) {

    private static final long NOISE_STREAM = 0x73686172L;

    /**
     * The context for a round's site stages: secure noise (the JDK DRBG), or, when the plan asks for
     * seeded noise (simulation research runs), a stream derived from the round's training seed.
     */
    public static SiteContext forRound(String siteId, int round, long roundSeed, SitePlan plan) {
        return new SiteContext(siteId, round,
                plan.seededNoise() ? GaussianNoise.seeded(Seeds.mix(roundSeed, round, NOISE_STREAM)) : GaussianNoise.secure());
    }
}
