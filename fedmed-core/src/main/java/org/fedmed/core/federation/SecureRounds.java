package org.fedmed.core.federation;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.strategy.Strategy;

/** One round's training and secure sum, for {@link Federation} when a protection is set. */
final class SecureRounds {

    private static final System.Logger LOG = System.getLogger(Federation.class.getName());

    private final Strategy strategy;
    private final SecureAggregation secure;
    private final Function<String, SiteClient> sites;
    private final ExecutorService pool;
    private final Duration roundDeadline;

    SecureRounds(Strategy strategy, SecureAggregation secure, Function<String, SiteClient> sites, ExecutorService pool,
                 Duration roundDeadline) {
        this.strategy = strategy;
        this.secure = secure;
        this.sites = sites;
        this.pool = pool;
        this.roundDeadline = roundDeadline;
    }

    /**
     * Secure rounds: the sites train and answer sealed; the protection sums their updates; the sum
     * enters the strategy as one equal share per summed site (so stages that count arrivals see the
     * survivors, and a uniform mean of the shares is the sum over its fixed denominator). Returns null
     * when the round could not be summed (the reason is in {@code failures}).
     */
    SecureRoundResult collect(int round, ModelWeights global, List<FitAssignment> assignments, long deadline,
                              Map<String, String> failures, List<SiteUpdate> updates, long[] bytes) {
        List<SiteCalls.Outcome<SiteUpdate>> outcomes = SiteCalls.callAll(assignments, a -> a.siteId(),
                a -> sites.apply(a.siteId()).fit(new FitInstructions(round, global, a.config(), a.sitePlan(), true)), pool, deadline);
        List<String> ready = new ArrayList<>();
        for (SiteCalls.Outcome<SiteUpdate> o : outcomes) {
            bytes[0] += global.byteSize();
            if (o.error() != null) {
                failures.put(o.siteId(), o.error());
                LOG.log(Level.WARNING, "round {0}: site {1} failed: {2}", round, o.siteId(), o.error());
            } else if (!o.value().isSealed()) {
                failures.put(o.siteId(), "rejected: sent its update in the clear in a secure round; it was discarded unread");
                LOG.log(Level.WARNING, "round {0}: site {1} sent its update in the clear in a secure round; discarded", round, o.siteId());
            } else {
                ready.add(o.siteId());
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        SecureRoundResult r;
        try {
            SecureInputSpec spec = strategy.secureInput(round, ready.size(), secure.threshold(ready.size()));
            r = secure.sum(round, ready, global.size(), spec, transport());
        } catch (RuntimeException e) {
            failures.put("(secure aggregation)", e.getMessage());
            LOG.log(Level.WARNING, "round {0}: {1}; global model kept", round, e.getMessage());
            return null;
        }
        bytes[0] += r.bytesToSites();
        bytes[1] += r.bytesFromSites();
        // a site that dropped after its masked upload is still in the sum: say so, it is not "left out"
        r.dropped().forEach((s, why) -> failures.put(s, "secure aggregation " + why
                + (r.survivors().contains(s) ? " (after its upload: its update is in the sum)" : "")));
        r.tampering().forEach(t -> LOG.log(Level.WARNING, "{0}", t));
        int summed = r.survivors().size();
        float[] share = r.sum().values().clone();
        if (!r.input().weighted()) {
            for (int i = 0; i < share.length; i++) {
                share[i] /= summed;
            }
        }
        ModelWeights delta = global.withValues(share);
        for (String s : r.survivors()) {
            updates.add(new SiteUpdate(s, round, delta, 1, Map.of(), true));
        }
        return r;
    }

    /** The protocol's steps over the same site handles, in parallel and under the round deadline per step. */
    private SecureTransport transport() {
        return (step, requests, fails) -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (SiteCalls.Outcome<byte[]> o : SiteCalls.callAll(new ArrayList<>(requests.entrySet()), Map.Entry::getKey,
                    e -> sites.apply(e.getKey()).secureStep(e.getValue()), pool, roundDeadline == null ? Long.MAX_VALUE : System.nanoTime() + roundDeadline.toNanos())) {
                if (o.error() != null) {
                    fails.put(o.siteId(), o.error());
                } else {
                    out.put(o.siteId(), o.value());
                }
            }
            return out;
        };
    }

}
