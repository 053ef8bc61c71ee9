package org.fedmed.sim.attack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.study.AttackSpec;

/**
 * A study's attack put in place: the malicious sites (a seeded draw, the same every round), the
 * attack they run, and the wrapper that turns each malicious site's honest update into the attack's.
 * Colluding attacks get the honest deltas of every malicious site for the round: the first member
 * asked trains the others (with the seeds the strategy would give them) and later members reuse
 * those updates, so no site trains twice in a round.
 */
public final class AttackPlan {

    /** Keeps an attack's noise apart from the training seeds of the same site and round. */
    private static final long NOISE_SALT = 0x6e6f697365L;

    private final AttackSpec spec;
    private final Attack attack;
    private final List<String> malicious;
    private final long seed;
    private final Map<String, Long> honestSizes = new HashMap<>();
    private final Map<String, SiteClient> members = new LinkedHashMap<>();
    private final Map<Integer, Map<String, SiteUpdate>> honest = new HashMap<>();

    private AttackPlan(AttackSpec spec, Attack attack, List<String> malicious, long seed) {
        this.spec = spec;
        this.attack = attack;
        this.malicious = List.copyOf(malicious);
        this.seed = seed;
    }

    /**
     * The plan for {@code siteIds}; refuses a share of malicious sites that leaves no honest one.
     *
     * @param reference the pooled training data (a backdoor trigger's value is taken from it)
     */
    public static AttackPlan of(AttackSpec spec, List<String> siteIds, LabeledSamples reference, long seed) {
        List<String> chosen = chooseMalicious(siteIds, spec.malicious(), seed);
        return new AttackPlan(spec, build(spec, siteIds.size(), chosen.size(), reference, seed), chosen, seed);
    }

    /** ⌊F·n + ½⌋ sites (at least one), drawn from the seed alone, listed in the federation's site order. */
    public static List<String> chooseMalicious(List<String> siteIds, double fraction, long seed) {
        int n = siteIds.size();
        int f = Math.max(1, (int) Math.floor(fraction * n + 0.5));
        if (f >= n) {
            throw new IllegalArgumentException("malicious " + fraction + " of " + n + " sites makes " + f
                    + " attackers and no honest site; lower malicious or add sites");
        }
        int[] order = Shuffle.permutation(n, new Random(Seeds.mix(seed, 0x6d616c69L)));
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < f; i++) {
            picked.add(order[i]);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (picked.contains(i)) {
                out.add(siteIds.get(i));
            }
        }
        return out;
    }

    private static Attack build(AttackSpec spec, int n, int f, LabeledSamples reference, long seed) {
        return switch (spec.name()) {
            case "label_flip" -> new LabelFlip();
            case "random_labels" -> new RandomLabels(seed);
            case "sign_flip" -> new SignFlip(spec.parameterOr(SignFlip.DEFAULT_S));
            case "scale" -> new Scale(spec.parameterOr(n));
            case "gaussian" -> new Gaussian(spec.parameterOr(Gaussian.DEFAULT_SIGMA));
            case "free_rider" -> new FreeRider(spec.parameterOr(0));
            case "alie" -> new Alie(Double.isNaN(spec.parameter()) ? Alie.z(n, f) : spec.parameter());
            case "ipm" -> new Ipm(spec.parameterOr(Ipm.DEFAULT_EPSILON));
            case "min_max" -> new MinMax(false, spec.parameterOr(MinMax.DEFAULT_GAMMA));
            case "min_sum" -> new MinMax(true, spec.parameterOr(MinMax.DEFAULT_GAMMA));
            case "backdoor" -> new Backdoor(Trigger.forData(reference), Backdoor.TARGET, spec.parameterOr(1));
            default -> throw new IllegalArgumentException("attack " + spec.name() + " is known to the study but not built here;"
                    + " known: " + String.join(", ", AttackSpec.KNOWN.keySet()));
        };
    }

    public AttackSpec spec() {
        return spec;
    }

    public Attack attack() {
        return attack;
    }

    public List<String> malicious() {
        return malicious;
    }

    public boolean isMalicious(String siteId) {
        return malicious.contains(siteId);
    }

    /** The data {@code siteId} trains on: poisoned when it is malicious. */
    public LabeledSamples trainingData(String siteId, LabeledSamples train) {
        if (!isMalicious(siteId)) {
            return train;
        }
        honestSizes.put(siteId, (long) train.size());
        return attack.poison(train);
    }

    /** {@code site} as the plan has it behave: unchanged when honest, attacking when malicious. */
    public SiteClient wrap(SiteClient site) {
        if (!isMalicious(site.siteId())) {
            return site;
        }
        synchronized (this) {
            members.put(site.siteId(), site);
        }
        return SiteClient.withFit(site, in -> attacked(site.siteId(), in));
    }

    private SiteUpdate attacked(String siteId, FitInstructions in) {
        SiteUpdate u = honestUpdate(siteId, in);
        if (u.weights() == null) {
            throw new IllegalStateException("site " + siteId + " sent a sealed update; attacks act below secure aggregation");
        }
        ModelWeights global = in.globalWeights();
        ModelWeights delta = u.isDelta() ? u.weights() : u.weights().minus(global);
        AttackRound round = new AttackRound(in.round(), siteId, Seeds.mix(seed ^ NOISE_SALT, in.round(), siteId.hashCode()), global, delta,
                () -> group(in));
        ModelWeights crafted = attack.craft(round);
        // the attacker claims its honest data size, so poisoned copies do not add to its weight
        long samples = honestSizes.getOrDefault(siteId, u.numSamples());
        return new SiteUpdate(siteId, in.round(), u.isDelta() ? crafted : global.plusScaled(crafted, 1f), samples, u.metrics(),
                u.isDelta());
    }

    /** The site's honest update this round: the one a colluder already trained for it, else trained now. */
    private synchronized SiteUpdate honestUpdate(String siteId, FitInstructions in) {
        honest.keySet().removeIf(r -> r < in.round());
        Map<String, SiteUpdate> done = honest.computeIfAbsent(in.round(), r -> new HashMap<>());
        SiteUpdate u = done.get(siteId);
        if (u == null) {
            u = members.get(siteId).fit(in);
            done.put(siteId, u);
        }
        return u;
    }

    /** Every malicious site's honest delta this round; members not yet asked train now and keep the update for later. */
    private synchronized List<ModelWeights> group(FitInstructions in) {
        List<ModelWeights> out = new ArrayList<>();
        for (String id : members.keySet()) {
            // what the strategy hands this site in this round: the same instructions with its own seed
            SiteUpdate u = honestUpdate(id, in.withConfig(in.config().withSeed(Seeds.mix(seed, in.round(), id.hashCode()))));
            out.add(u.isDelta() ? u.weights() : u.weights().minus(in.globalWeights()));
        }
        return out;
    }

    /** The plan in words, for the run's log. */
    public String describe() {
        return "attack " + spec.text() + " by " + malicious.size() + " malicious site" + (malicious.size() == 1 ? "" : "s")
                + " (" + String.join(", ", malicious) + ")";
    }
}
