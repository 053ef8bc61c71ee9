package org.fedmed.core.federation;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
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
import org.fedmed.core.secure.SecureSum;
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
    private final int groups;

    SecureRounds(Strategy strategy, SecureAggregation secure, int groups, Function<String, SiteClient> sites, ExecutorService pool,
                 Duration roundDeadline) {
        this.strategy = strategy;
        this.secure = secure;
        this.groups = groups;
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
        if (groups > 1) {
            return collectGroups(round, global, ready, failures, updates, bytes);
        }
        SecureRoundResult r = sumOf(round, global, ready, failures, bytes, "(secure aggregation)");
        if (r == null) {
            return null;
        }
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

    /** One secure sum over {@code group}; null (the reason under {@code label} in failures) when it aborts. */
    private SecureRoundResult sumOf(int round, ModelWeights global, List<String> group, Map<String, String> failures, long[] bytes,
                                    String label) {
        SecureRoundResult r;
        try {
            SecureInputSpec spec = strategy.secureInput(round, group.size(), secure.threshold(group.size()));
            r = secure.sum(round, group, global.size(), spec, transport());
        } catch (RuntimeException e) {
            failures.put(label, e.getMessage());
            LOG.log(Level.WARNING, "round {0}: {1}; {2}", round, e.getMessage(), label);
            return null;
        }
        bytes[0] += r.bytesToSites();
        bytes[1] += r.bytesFromSites();
        // a site that dropped after its masked upload is still in the sum: say so, it is not "left out"
        r.dropped().forEach((s, why) -> failures.put(s, "secure aggregation " + why
                + (r.survivors().contains(s) ? " (after its upload: its update is in the sum)" : "")));
        r.tampering().forEach(t -> LOG.log(Level.WARNING, "{0}", t));
        return r;
    }

    /**
     * Robustness under secure aggregation: the round's sites are shuffled into {@code groups} random
     * groups (at least 3 sites each), each group is summed securely, and each group's mean enters the
     * strategy as one contribution weighted by the group's total weight — so a robust rule runs
     * across group means, never seeing one site's update. A group that aborts is left out.
     */
    private SecureRoundResult collectGroups(int round, ModelWeights global, List<String> ready, Map<String, String> failures,
                                            List<SiteUpdate> updates, long[] bytes) {
        if (ready.size() < 3 * groups) {
            failures.put("(secure aggregation)", "secure_groups " + groups + " needs at least " + 3 * groups + " sites in a round ("
                    + "3 per group), got " + ready.size());
            return null;
        }
        List<String> order = new ArrayList<>(ready);
        Collections.shuffle(order, new SecureRandom()); // the coordinator draws the groups; sites cannot pick their group
        List<SecureRoundResult> summed = new ArrayList<>();
        List<String> survivors = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        List<String> tampering = new ArrayList<>();
        double lossSum = 0;
        double weightSum = 0;
        for (int g = 0; g < groups; g++) {
            List<String> group = order.subList(g * order.size() / groups, (g + 1) * order.size() / groups);
            SecureRoundResult r = sumOf(round, global, List.copyOf(group), failures, bytes, "(secure aggregation group " + (g + 1) + ")");
            if (r == null) {
                continue;
            }
            summed.add(r);
            survivors.addAll(r.survivors());
            dropped.putAll(r.dropped());
            tampering.addAll(r.tampering());
            float[] mean = r.sum().values().clone();
            double weight = r.input().weighted() ? r.sum().weight() * r.input().maxWeight() : r.survivors().size();
            if (!r.input().weighted()) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= r.survivors().size();
                }
            }
            if (Double.isFinite(r.sum().meanLoss())) {
                lossSum += r.sum().meanLoss() * weight;
                weightSum += weight;
            }
            updates.add(new SiteUpdate("group-" + (g + 1), round, global.withValues(mean), Math.max(1, Math.round(weight)),
                    Map.of(), true));
        }
        if (summed.isEmpty()) {
            return null;
        }
        SecureRoundResult first = summed.get(0);
        long to = summed.stream().mapToLong(SecureRoundResult::bytesToSites).sum();
        long from = summed.stream().mapToLong(SecureRoundResult::bytesFromSites).sum();
        return new SecureRoundResult(first.protection(), summed.size() + " of " + groups + " groups summed (" + ready.size()
                + " sites; robust rule across group means); first group: " + first.parameters(), ready.size(), first.input(),
                new SecureSum(new float[0], weightSum, weightSum > 0 ? lossSum / weightSum : Double.NaN, survivors.size()),
                survivors, dropped, tampering, to, from);
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
