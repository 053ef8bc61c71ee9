package org.fedmed.core.aggregate.robust;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;

/**
 * {@code screen}: relevance screening in the spirit of PFL-IU (filtering updates that are irrelevant
 * or harmful before they are averaged). An update is relevant in a round when its cosine with the
 * robust direction (the coordinate median of the round's updates) exceeds {@code cos} and, with
 * {@code gain=1}, when it does not raise the loss on the coordinator's root dataset by more than
 * {@code tol} times that loss (near convergence an honest update is mostly noise and may raise it a
 * little; a harmful one raises it by far more). Each site carries a
 * reputation r ← decay·r + (1 − decay)·[relevant], starting at 1; the round's aggregate is the plain
 * mean of the relevant updates of sites whose reputation is at least {@code floor}, so a site that was
 * caught repeatedly stays out for a few rounds even when one of its updates looks harmless. With no
 * update kept the model is left unchanged.
 *
 * <p>Reputation is by site, so the rule needs each site's own update: it cannot run over secure group
 * sums, whose members change every round.
 */
public final class RelevanceScreen implements RobustRule {

    static final String STATE = "robust.reputation.";

    private final double minCosine;
    private final boolean gain;
    private final double decay;
    private final double floor;
    private final double tolerance;
    private final int root;
    private final Map<String, Float> reputation = new HashMap<>();
    private ServerReference reference;
    private Map<String, SiteScore> last = Map.of();

    public RelevanceScreen(double minCosine, boolean gain, double tolerance, double decay, double floor, int root) {
        if (!(minCosine >= -1 && minCosine < 1)) {
            throw new IllegalArgumentException("aggregator screen: cos must be in [-1, 1), got " + minCosine);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("aggregator screen: decay must be in [0, 1), got " + decay);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("aggregator screen: floor must be in [0, 1], got " + floor);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("aggregator screen: tol must be at least 0, got " + tolerance);
        }
        if (gain && root < 1) {
            throw new IllegalArgumentException("aggregator screen: gain=1 needs root of at least 1 example, got " + root);
        }
        this.minCosine = minCosine;
        this.gain = gain;
        this.decay = decay;
        this.floor = floor;
        this.tolerance = tolerance;
        this.root = root;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "screen(cos>%s%s, reputation decay=%s floor=%s)", minCosine,
                gain ? ", gain on root=" + root + " tol=" + tolerance : "", decay, floor);
    }

    @Override
    public int rootExamples() {
        return gain ? root : 0;
    }

    @Override
    public boolean followsSites() {
        return true;
    }

    @Override
    public void useReference(ServerReference reference) {
        this.reference = reference;
    }

    @Override
    public ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        if (gain && reference == null) {
            throw new IllegalStateException("aggregator screen with gain=1 needs the coordinator's root dataset, and none was given");
        }
        ModelWeights global = round.global();
        float[][] deltas = Vectors.deltas(global, in);
        float[] direction = new CoordinateMedian().combine(deltas);
        double before = gain ? reference.loss(global) : Double.NaN;
        List<Integer> kept = new ArrayList<>();
        Map<String, SiteScore> scores = new LinkedHashMap<>();
        for (int k = 0; k < deltas.length; k++) {
            String site = in.get(k).siteId();
            double cos = Vectors.cosine(deltas[k], direction);
            double improvement = gain ? before - reference.loss(Vectors.apply(global, deltas[k])) : Double.NaN;
            boolean relevant = cos > minCosine && (!gain || improvement >= -tolerance * before);
            // kept in float, as checkpoints store it, so a restarted run continues bit for bit
            float r = (float) (decay * reputation.getOrDefault(site, 1f) + (1 - decay) * (relevant ? 1 : 0));
            reputation.put(site, r);
            boolean keep = relevant && r >= floor;
            if (keep) {
                kept.add(k);
            }
            scores.put(site, new SiteScore(cos, improvement, keep, r));
        }
        last = Collections.unmodifiableMap(scores);
        if (kept.isEmpty()) {
            return global;
        }
        return Vectors.apply(global, Vectors.mean(deltas, kept.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override
    public Map<String, SiteScore> lastScores() {
        return last;
    }

    /** A site's reputation now (1 for a site never seen). */
    public double reputation(String site) {
        return reputation.getOrDefault(site, 1f);
    }

    @Override
    public Map<String, float[]> saveState() {
        Map<String, float[]> out = new LinkedHashMap<>();
        reputation.forEach((site, r) -> out.put(STATE + site, new float[] {r}));
        return out;
    }

    @Override
    public void restoreState(Map<String, float[]> arrays) {
        reputation.clear();
        arrays.forEach((k, v) -> {
            if (k.startsWith(STATE) && v.length == 1) {
                reputation.put(k.substring(STATE.length()), v[0]);
            }
        });
    }
}
