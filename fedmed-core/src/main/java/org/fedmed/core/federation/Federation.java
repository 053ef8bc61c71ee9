package org.fedmed.core.federation;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureTransport;
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
            SecureRoundResult sr = collectSecure(round, global, assignments, pool, start, failures, updates, bytes);
            trainLoss = sr == null ? Double.NaN : sr.sum().meanLoss();
            if (sr != null) {
                secureInfo = new SecureRoundInfo(sr.protection(), sr.parameters(), sr.survivors().size(), sr.dropped(),
                        sr.tampering(), sr.bytesToSites(), sr.bytesFromSites());
            }
        }
        long bytesTo = bytes[0];
        long bytesFrom = bytes[1];
        boolean aggregated = updates.size() >= strategy.minimumSites() && !updates.isEmpty();
        ModelWeights next = global;
        if (aggregated) {
            try {
                next = strategy.aggregateFit(round, global, updates);
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
            for (Outcome<SiteEvaluation> o : callAll(evaluators, s -> s,
                    s -> site(s).evaluate(new EvaluateInstructions(round, evaluated)), pool, deadlineFrom(System.nanoTime()))) {
                bytesTo += evaluated.byteSize();
                if (o.error != null) {
                    failures.putIfAbsent(o.siteId, "evaluation: " + o.error);
                } else {
                    siteEvals.add(o.value);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RoundResult(round, next, updates.stream().map(SiteUpdate::siteId).toList(), failures, aggregated,
                trainLoss, globalEval, siteEvals, seconds, bytesTo, bytesFrom, false, secureInfo);
    }

    /** Clear rounds: each site's update arrives, is checked, and joins {@code updates}. */
    private void collectClear(int round, ModelWeights global, List<FitAssignment> assignments, ExecutorService pool, long start,
                              Map<String, String> failures, List<SiteUpdate> updates, long[] bytes) {
        List<Outcome<SiteUpdate>> outcomes = callAll(assignments, a -> a.siteId(),
                a -> site(a.siteId()).fit(new FitInstructions(round, global, a.config(), a.sitePlan())), pool, deadlineFrom(start));
        for (Outcome<SiteUpdate> o : outcomes) {
            bytes[0] += global.byteSize();
            if (o.error != null) {
                failures.put(o.siteId, o.error);
                LOG.log(Level.WARNING, "round {0}: site {1} failed: {2}", round, o.siteId, o.error);
                continue;
            }
            if (o.value != null && o.value.weights() != null) {
                bytes[1] += o.value.weights().byteSize();
            }
            try {
                UpdateValidator.check(o.siteId, round, global, o.value);
                String misfit = strategy.checkUpdate(round, o.value);
                if (misfit != null) {
                    throw new UpdateValidator.RejectedUpdateException("site " + o.siteId + " round " + round + ": " + misfit);
                }
                updates.add(o.value);
            } catch (UpdateValidator.RejectedUpdateException e) {
                failures.put(o.siteId, "rejected: " + e.getMessage());
                LOG.log(Level.WARNING, "round {0}: update rejected: {1}", round, e.getMessage());
            }
        }
    }

    /**
     * Secure rounds: the sites train and answer sealed; the protection sums their updates; the sum
     * enters the strategy as one equal share per summed site (so stages that count arrivals see the
     * survivors, and a uniform mean of the shares is the sum over its fixed denominator). Returns null
     * when the round could not be summed (the reason is in {@code failures}).
     */
    private SecureRoundResult collectSecure(int round, ModelWeights global, List<FitAssignment> assignments,
                                            ExecutorService pool, long start, Map<String, String> failures,
                                            List<SiteUpdate> updates, long[] bytes) {
        List<Outcome<SiteUpdate>> outcomes = callAll(assignments, a -> a.siteId(),
                a -> site(a.siteId()).fit(new FitInstructions(round, global, a.config(), a.sitePlan(), true)), pool, deadlineFrom(start));
        List<String> ready = new ArrayList<>();
        for (Outcome<SiteUpdate> o : outcomes) {
            bytes[0] += global.byteSize();
            if (o.error != null) {
                failures.put(o.siteId, o.error);
                LOG.log(Level.WARNING, "round {0}: site {1} failed: {2}", round, o.siteId, o.error);
            } else if (!o.value.isSealed()) {
                failures.put(o.siteId, "rejected: sent its update in the clear in a secure round; it was discarded unread");
                LOG.log(Level.WARNING, "round {0}: site {1} sent its update in the clear in a secure round; discarded", round, o.siteId);
            } else {
                ready.add(o.siteId);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        SecureRoundResult r;
        try {
            SecureInputSpec spec = strategy.secureInput(round, ready.size(), secure.threshold(ready.size()));
            r = secure.sum(round, ready, global.size(), spec, secureTransport(pool));
        } catch (RuntimeException e) {
            failures.put("(secure aggregation)", e.getMessage());
            LOG.log(Level.WARNING, "round {0}: {1}; global model kept", round, e.getMessage());
            return null;
        }
        bytes[0] += r.bytesToSites();
        bytes[1] += r.bytesFromSites();
        r.dropped().forEach((s, why) -> failures.put(s, "secure aggregation " + why));
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
    private SecureTransport secureTransport(ExecutorService pool) {
        return (step, requests, fails) -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Outcome<byte[]> o : callAll(new ArrayList<>(requests.entrySet()), Map.Entry::getKey,
                    e -> site(e.getKey()).secureStep(e.getValue()), pool, deadlineFrom(System.nanoTime()))) {
                if (o.error != null) {
                    fails.put(o.siteId, o.error);
                } else {
                    out.put(o.siteId, o.value);
                }
            }
            return out;
        };
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

    private record Outcome<T>(String siteId, T value, String error) {
    }

    private long deadlineFrom(long startNanos) {
        return roundDeadline == null ? Long.MAX_VALUE : startNanos + roundDeadline.toNanos();
    }

    /**
     * Calls every task, in parallel when a pool is given; a task's exception becomes its error text.
     * With a pool, a task still running at {@code deadlineNanos} is cancelled and reported late: the
     * round completes with the sites that answered in time.
     */
    private static <A, T> List<Outcome<T>> callAll(List<A> tasks, Function<A, String> idOf, Function<A, T> call,
                                                   ExecutorService pool, long deadlineNanos) {
        List<Outcome<T>> out = new ArrayList<>(tasks.size());
        if (pool == null) {
            for (A a : tasks) {
                out.add(attempt(idOf.apply(a), () -> call.apply(a)));
            }
            return out;
        }
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        for (A a : tasks) {
            futures.add(pool.submit(() -> attempt(idOf.apply(a), () -> call.apply(a))));
        }
        for (int i = 0; i < futures.size(); i++) {
            Future<Outcome<T>> f = futures.get(i);
            try {
                long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineNanos - System.nanoTime());
                out.add(f.get(wait, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome<>(idOf.apply(tasks.get(i)), null, "late: no answer before the round deadline; discarded"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for sites", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("site call crashed", e.getCause());
            }
        }
        return out;
    }

    private static <T> Outcome<T> attempt(String id, Supplier<T> call) {
        try {
            return new Outcome<>(id, call.get(), null);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome<>(id, null, msg);
        }
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

        /** Sums each round's updates under this protection (SecAgg+, Paillier); null: updates arrive in the clear. */
        public Builder secureAggregation(SecureAggregation s) {
            this.secure = s;
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
