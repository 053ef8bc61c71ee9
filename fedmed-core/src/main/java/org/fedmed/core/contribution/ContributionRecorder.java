package org.fedmed.core.contribution;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.strategy.Strategy;

/**
 * A strategy that also values each round's updates: it sees the updates exactly as the wrapped strategy's
 * aggregation receives them (after the sites' stages: clipped, and carrying a noise share under
 * distributed DP; under grouped secure aggregation, one sum per group), values them before handing them
 * on, and otherwise changes nothing. Everything else is the wrapped strategy's.
 */
public final class ContributionRecorder implements Strategy {

    private final Strategy inner;
    private final ContributionMethod method;
    private final ModelUtility utility;
    private final GtgShapley.Settings settings;
    private final List<RoundValues> rounds = new ArrayList<>();

    public ContributionRecorder(Strategy inner, ContributionMethod method, ModelUtility utility, GtgShapley.Settings settings) {
        this.inner = inner;
        this.method = method;
        this.utility = utility;
        this.settings = settings;
    }

    /** The values of every round aggregated so far, in order. */
    public List<RoundValues> rounds() {
        return List.copyOf(rounds);
    }

    public ContributionMethod method() {
        return method;
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        // valued before the aggregation sees the updates, kept only if the round aggregates (else the global model stays)
        RoundValues values = value(round, global, updates, method, utility, settings);
        ModelWeights next = inner.aggregateFit(round, global, updates);
        rounds.add(values);
        return next;
    }

    /** One round's values by {@code method} from its updates; each method has its own cache, so its cost is its own. */
    public static RoundValues value(int round, ModelWeights global, List<SiteUpdate> updates, ContributionMethod method,
                                    ModelUtility utility, GtgShapley.Settings settings) {
        SubModels models = new SubModels(global, updates, utility);
        int n = models.players();
        List<String> players = updates.stream().map(SiteUpdate::siteId).toList();
        double[] loo = null;
        double[] shapley = null;
        int looCost = 0;
        int shapleyCost = 0;
        double looSeconds = 0;
        double shapleySeconds = 0;
        int permutations = 0;
        boolean truncated = false;
        CachedUtility ends = new CachedUtility(models);
        BitSet all = new BitSet(n);
        all.set(0, n);
        double before = ends.value(new BitSet(n));
        double after = ends.value(all);
        if (method.leaveOneOut()) {
            long t = System.nanoTime();
            CachedUtility v = new CachedUtility(models);
            loo = LeaveOneOut.values(n, v);
            looCost = v.evaluations();
            looSeconds = (System.nanoTime() - t) / 1e9;
        }
        if (method.shapley()) {
            long t = System.nanoTime();
            CachedUtility v = new CachedUtility(models);
            if (method == ContributionMethod.EXACT) {
                shapley = ExactShapley.values(n, v);
            } else {
                GtgShapley.Estimate e = GtgShapley.values(n, v, settings.withSeed(Seeds.mix(settings.seed(), round)));
                shapley = e.values();
                permutations = e.permutations();
                truncated = e.roundTruncated();
            }
            shapleyCost = v.evaluations();
            shapleySeconds = (System.nanoTime() - t) / 1e9;
        }
        return new RoundValues(round, players, before, after, loo, shapley, looCost, shapleyCost, looSeconds, shapleySeconds,
                permutations, truncated);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        return inner.configureFit(round, global, availableSites);
    }

    @Override
    public List<String> configureEvaluate(int round, List<String> availableSites) {
        return inner.configureEvaluate(round, availableSites);
    }

    @Override
    public String checkUpdate(int round, SiteUpdate update) {
        return inner.checkUpdate(round, update);
    }

    @Override
    public String aggregation() {
        return inner.aggregation();
    }

    @Override
    public boolean withholdsSiteDetails() {
        return inner.withholdsSiteDetails();
    }

    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        return inner.secureInput(round, participants, threshold);
    }

    @Override
    public Map<String, SiteScore> lastScores() {
        return inner.lastScores();
    }

    @Override
    public int minimumSites() {
        return inner.minimumSites();
    }
}
