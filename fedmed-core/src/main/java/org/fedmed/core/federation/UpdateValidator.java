package org.fedmed.core.federation;

import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteUpdate;

/**
 * Checks an update before it may touch the global model. A rejected update is reported with the
 * site, the round and the reason; the round goes on with the others.
 */
public final class UpdateValidator {

    private UpdateValidator() {
    }

    /** Throws {@link RejectedUpdateException} naming the problem. */
    public static void check(String expectedSite, int expectedRound, ModelWeights global, SiteUpdate u) {
        String where = "site " + expectedSite + " round " + expectedRound + ": ";
        if (u == null) {
            throw new RejectedUpdateException(where + "no update returned");
        }
        if (!expectedSite.equals(u.siteId())) {
            throw new RejectedUpdateException(where + "update claims to come from site " + u.siteId());
        }
        if (u.round() != expectedRound) {
            throw new RejectedUpdateException(where + "update is for round " + u.round() + " (stale or replayed)");
        }
        if (u.numSamples() <= 0) {
            throw new RejectedUpdateException(where + "update reports " + u.numSamples() + " training samples");
        }
        if (u.weights() == null) {
            throw new RejectedUpdateException(where + "update has no weights");
        }
        try {
            global.requireSameLayout(u.weights(), "update");
        } catch (IllegalArgumentException e) {
            throw new RejectedUpdateException(where + e.getMessage());
        }
        int bad = u.weights().firstNonFinite();
        if (bad >= 0) {
            throw new RejectedUpdateException(where + "non-finite value " + u.weights().values()[bad] + " in tensor "
                    + u.weights().tensorNameAt(bad));
        }
        for (var e : u.metrics().entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new RejectedUpdateException(where + "metric " + e.getKey() + " is " + e.getValue());
            }
        }
    }

    /** An update refused by {@link #check}. */
    public static final class RejectedUpdateException extends RuntimeException {
        public RejectedUpdateException(String message) {
            super(message);
        }
    }
}
