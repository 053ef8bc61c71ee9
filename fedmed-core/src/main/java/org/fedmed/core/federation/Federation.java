package org.fedmed.core.federation;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.strategy.Strategy;

/**
 * The round loop: ask the strategy whom to train, send them the global model, check and aggregate
 * what comes back, evaluate, tell the listeners. It reaches sites only through {@link SiteClient},
 * so the simulation and the deployment run this same loop with the same strategies.
 *
 * <p>A site that throws or sends an invalid update is left out of that round (logged with the
 * reason); the round completes with the others as long as the strategy's minimum is met.
 */
public final class Federation {

    private static final System.Logger LOG = System.getLogger(Federation.class.getName());

    private final Strategy strategy;
    private final Map<String, SiteClient> sites;
    private final int rounds;
    private final GlobalEvaluator globalEvaluator;
    private final int federatedEvaluationEvery;
    private final List<RoundListener> listeners;
    private final int parallelism;
    private final Duration roundDeadline;
    private final SecureAggregation secure;
    private final int secureGroups;

    private Federation(Builder b) {
        this.strategy = Objects.requireNonNull(b.strategy, "strategy");
        this.sites = new LinkedHashMap<>();
        for (SiteClient s : b.sites) {
            if (sites.put(s.siteId(), s) != null) {
                throw new IllegalArgumentException("two sites share the id " + s.siteId());
            }
        }
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a federation needs at least one site");
        }
        if (b.rounds <= 0) {
            throw new IllegalArgumentException("rounds must be positive, got " + b.rounds);
        }
        this.rounds = b.rounds;
        this.globalEvaluator = b.globalEvaluator;
        this.federatedEvaluationEvery = b.federatedEvaluationEvery;
        this.listeners = List.copyOf(b.listeners);
        this.parallelism = b.parallelism;
        this.roundDeadline = b.roundDeadline;
        this.secure = b.secure;
        this.secureGroups = b.secureGroups;
        if (strategy.minimumSites() > sites.size()) {
            throw new IllegalArgumentException("the strategy needs at least " + strategy.minimumSites()
                    + " sites per round but the federation has " + sites.size());
        }
        if (roundDeadline != null && parallelism < 2) {
            throw new IllegalArgumentException("a round deadline needs parallel site calls (parallelism >= 2)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Strategy strategy() {
        return strategy;
    }

    public List<String> siteIds() {
        synchronized (sites) {
            return List.copyOf(sites.keySet());
        }
    }

    /**
     * Adds a site while the federation runs (a hospital provisioned after the coordinator started): it
     * is offered to the strategy from the next round on, after the sites already there. Thread-safe.
     */
    public void addSite(SiteClient site) {
        Objects.requireNonNull(site, "site");
        synchronized (sites) {
            if (sites.putIfAbsent(site.siteId(), site) != null) {
                throw new IllegalArgumentException("site " + site.siteId() + " is already in the federation");
            }
        }
        LOG.log(Level.INFO, "site {0} joined the federation; it takes part from the next round", site.siteId());
    }

    /** Runs all rounds from {@code initial}. */
    public FederationResult run(ModelWeights initial) {
        return run(initial, 1);
    }

    /**
     * Runs rounds {@code firstRound..rounds} from {@code initial}: a coordinator restarted from the
     * checkpoint of round {@code firstRound - 1} resumes with the next round.
     */
    public FederationResult run(ModelWeights initial, int firstRound) {
        if (firstRound < 1 || firstRound > rounds + 1) {
            throw new IllegalArgumentException("first round must be in [1, " + (rounds + 1) + "], got " + firstRound);
        }
        ModelWeights global = initial;
        List<RoundResult> history = new ArrayList<>();
        ExecutorService pool = parallelism > 1 ? Executors.newFixedThreadPool(parallelism) : null;
        try {
            for (int round = firstRound; round <= rounds; round++) {
                RoundResult r = runRound(round, global, pool);
                if (strategy.withholdsSiteDetails()) {
                    r = r.withSiteDetailsWithheld();
                }
                history.add(r);
                global = r.global();
                for (RoundListener l : listeners) {
                    l.roundFinished(r);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new FederationResult(global, history);
    }

    /** One round from {@code global}; sites are called in turn (sequentially). */
    public RoundResult runRound(int round, ModelWeights global) {
        return runRound(round, global, null);
    }

    private RoundResult runRound(int round, ModelWeights global, ExecutorService pool) {
        long start = System.nanoTime();
        List<FitAssignment> assignments = strategy.configureFit(round, global, siteIds());
        Map<String, String> failures = new LinkedHashMap<>();
        List<SiteUpdate> updates = new ArrayList<>();
        long[] bytes = new long[2];
        SecureRoundInfo secureInfo = null;
        double trainLoss;
        if (secure == null) {
            collectClear(round, global, assignments, pool, start, failures, updates, bytes);
            trainLoss = meanTrainLoss(updates);
        } else {
            SecureRoundResult sr = new SecureRounds(strategy, secure, secureGroups, this::site, pool, roundDeadline)
                    .collect(round, global, assignments, deadlineFrom(start), failures, updates, bytes);
            trainLoss = sr == null ? Double.NaN : sr.sum().meanLoss();
            if (sr != null) {
                secureInfo = new SecureRoundInfo(sr.protection(), sr.parameters(), sr.participants(), sr.survivors().size(), sr.dropped(),
                        sr.tampering(), sr.bytesToSites(), sr.bytesFromSites(), SecureRoundInfo.digest(sr.sum()));
            }
        }
        long bytesTo = bytes[0];
        long bytesFrom = bytes[1];
        boolean aggregated = updates.size() >= strategy.minimumSites() && !updates.isEmpty();
        ModelWeights next = global;
        Map<String, SiteScore> scores = Map.of();
        if (aggregated) {
            try {
                next = strategy.aggregateFit(round, global, updates);
                scores = strategy.lastScores();
            } catch (IllegalArgumentException e) {
                // e.g. a weighting score no site reported: the study keeps its last good model and goes on
                aggregated = false;
                failures.put("(aggregation)", e.getMessage());
                LOG.log(Level.ERROR, "round {0}: aggregation failed, global model kept: {1}", round, e.getMessage());
            }
        } else {
            LOG.log(Level.WARNING, "round {0}: {1} valid updates, fewer than the {2} required; global model kept",
                    round, updates.size(), strategy.minimumSites());
        }
        EvaluationResult globalEval = globalEvaluator == null ? null : globalEvaluator.evaluate(next);
        List<SiteEvaluation> siteEvals = new ArrayList<>();
        if (federatedEvaluationEvery > 0 && (round % federatedEvaluationEvery == 0 || round == rounds)) {
            ModelWeights evaluated = next;
            List<String> evaluators = strategy.configureEvaluate(round, siteIds());
            for (SiteCalls.Outcome<SiteEvaluation> o : SiteCalls.callAll(evaluators, s -> s,
                    s -> site(s).evaluate(new EvaluateInstructions(round, evaluated)), pool, deadlineFrom(System.nanoTime()))) {
                bytesTo += evaluated.byteSize();
                if (o.error() != null) {
                    failures.putIfAbsent(o.siteId(), "evaluation: " + o.error());
                } else {
                    siteEvals.add(o.value());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RoundResult(round, next, updates.stream().map(SiteUpdate::siteId).toList(), failures, aggregated,
                trainLoss, globalEval, siteEvals, seconds, bytesTo, bytesFrom, false, secureInfo, scores);
    }

    /** Clear rounds: each site's update arrives, is checked, and joins {@code updates}. */
    private void collectClear(int round, ModelWeights global, List<FitAssignment> assignments, ExecutorService pool, long start,
                              Map<String, String> failures, List<SiteUpdate> updates, long[] bytes) {
        List<SiteCalls.Outcome<SiteUpdate>> outcomes = SiteCalls.callAll(assignments, a -> a.siteId(),
                a -> site(a.siteId()).fit(new FitInstructions(round, global, a.config(), a.sitePlan(), false, a.control())), pool,
                deadlineFrom(start));
        for (SiteCalls.Outcome<SiteUpdate> o : outcomes) {
            bytes[0] += global.byteSize();
            if (o.error() != null) {
                failures.put(o.siteId(), o.error());
                LOG.log(Level.WARNING, "round {0}: site {1} failed: {2}", round, o.siteId(), o.error());
                continue;
            }
            if (o.value() != null && o.value().weights() != null) {
                bytes[1] += o.value().weights().byteSize();
            }
            try {
                UpdateValidator.check(o.siteId(), round, global, o.value());
                String misfit = strategy.checkUpdate(round, o.value());
                if (misfit != null) {
                    throw new UpdateValidator.RejectedUpdateException("site " + o.siteId() + " round " + round + ": " + misfit);
                }
                updates.add(o.value());
            } catch (UpdateValidator.RejectedUpdateException e) {
                failures.put(o.siteId(), "rejected: " + e.getMessage());
                LOG.log(Level.WARNING, "round {0}: update rejected: {1}", round, e.getMessage());
            }
        }
    }

    private SiteClient site(String id) {
        SiteClient s;
        synchronized (sites) {
            s = sites.get(id);
        }
        if (s == null) {
            throw new IllegalStateException("strategy chose unknown site " + id);
        }
        return s;
    }

    private static double meanTrainLoss(List<SiteUpdate> updates) {
        double sum = 0;
        double n = 0;
        for (SiteUpdate u : updates) {
            Double loss = u.metrics().get(SiteUpdate.TRAIN_LOSS);
            if (loss != null) {
                sum += loss * u.numSamples();
                n += u.numSamples();
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private long deadlineFrom(long startNanos) {
        return roundDeadline == null ? Long.MAX_VALUE : startNanos + roundDeadline.toNanos();
    }

    /** Configures a {@link Federation}. */
    public static final class Builder {
        private Strategy strategy;
        private final List<SiteClient> sites = new ArrayList<>();
        private int rounds = 10;
        private GlobalEvaluator globalEvaluator;
        private int federatedEvaluationEvery = 1;
        private final List<RoundListener> listeners = new ArrayList<>();
        private int parallelism = 1;
        private Duration roundDeadline;
        private SecureAggregation secure;
        private int secureGroups = 1;

        /** Sums each round's updates under this protection (SecAgg+, Paillier); null: updates arrive in the clear. */
        public Builder secureAggregation(SecureAggregation s) {
            this.secure = s;
            return this;
        }

        /**
         * Sums each round in {@code g} random groups of sites (at least 3 each), so a robust rule can run
         * across the group means; 1 (the default) sums the whole round at once.
         */
        public Builder secureGroups(int g) {
            if (g < 1) {
                throw new IllegalArgumentException("secure_groups must be at least 1, got " + g);
            }
            this.secureGroups = g;
            return this;
        }

        public Builder strategy(Strategy s) {
            this.strategy = s;
            return this;
        }

        public Builder sites(List<? extends SiteClient> s) {
            sites.addAll(s);
            return this;
        }

        public Builder site(SiteClient s) {
            sites.add(s);
            return this;
        }

        public Builder rounds(int r) {
            this.rounds = r;
            return this;
        }

        /** Coordinator-side evaluation on a held-out test set, after every round. */
        public Builder globalEvaluator(GlobalEvaluator e) {
            this.globalEvaluator = e;
            return this;
        }

        /** Federated evaluation on the sites' own test sets every {@code n} rounds and after the last; 0 disables it. */
        public Builder federatedEvaluationEvery(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("federated evaluation interval must be >= 0");
            }
            this.federatedEvaluationEvery = n;
            return this;
        }

        public Builder listener(RoundListener l) {
            listeners.add(l);
            return this;
        }

        /** Sites called at once; 1 (the default) calls them in turn, as a simulation sharing one model must. */
        public Builder parallelism(int p) {
            if (p < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1");
            }
            this.parallelism = p;
            return this;
        }

        /**
         * Time a round waits for sites (needs {@link #parallelism} > 1): later answers are discarded
         * and logged, and the round completes with the sites that answered (k of n).
         */
        public Builder roundDeadline(Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("round deadline must be positive");
            }
            this.roundDeadline = d;
            return this;
        }

        public Federation build() {
            return new Federation(this);
        }
    }
}
