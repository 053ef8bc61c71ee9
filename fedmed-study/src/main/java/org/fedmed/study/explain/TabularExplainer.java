package org.fedmed.study.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.PermutationImportance;
import org.fedmed.core.explain.Predictor;
import org.fedmed.core.explain.SiteExplainer;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.explain.TrainerPredictor;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.study.ExplainSpec;

/**
 * Each simulated site explains the final tabular model on its own training rows, as a node does
 * ({@link SiteExplainer}: what leaves a site is its mean |SHAP| per feature, and in clear its
 * permutation importances, never a row's values); a site with fewer than {@code explain_min_rows}
 * rows refuses. {@link #assemble} turns the sites' releases into the study's explanation, in a
 * simulation and at a deployment's coordinator alike.
 */
public final class TabularExplainer {

    /** Shuffles per feature for the pooled reference: it is read feature by feature against the sites' ranking. */
    static final int REFERENCE_REPEATS = 10;

    private final ExplainSpec spec;
    private final long seed;
    private final LocalTrainer trainer;
    private final List<String> classNames;

    public TabularExplainer(ExplainSpec spec, long seed, LocalTrainer trainer, List<String> classNames) {
        if (classNames.size() != 2) {
            throw new IllegalArgumentException(SiteExplainer.refusalForClasses(classNames.size()));
        }
        this.spec = spec;
        this.seed = seed;
        this.trainer = trainer;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * @param siteRows each site's own training rows
     * @param pooled   the centralized model, or null: its permutation importance on {@code pooledRows} (the pooled training
     *                 data it was trained on, the largest set at hand: permutation importance on few rows is noisy) is
     *                 the reference the sites' ranking is compared with
     */
    public TabularExplanation explain(ModelWeights federated, Map<String, LabeledSamples> siteRows, List<String> features,
                                      ModelWeights pooled, LabeledSamples pooledRows, ExplanationBudget budget, Consumer<String> log) {
        ExplainRequest request = budget.request(federated);
        List<SiteExplanation> released = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<String, LabeledSamples> e : siteRows.entrySet()) {
            String site = e.getKey();
            LabeledSamples rows = e.getValue();
            String refusal = SiteExplainer.refusal(site, rows.size(), request);
            if (refusal != null) {
                refusals.add(refusal);
                log.accept(refusal);
                continue;
            }
            budget.book(site, request, rows.size());
            SiteExplanation s = SiteExplainer.explain(site, request, trainer, rows);
            log.accept(siteLine(s, rows.size(), request));
            released.add(s);
        }
        double[] reference = null;
        if (pooled != null) {
            Predictor pooledModel = new TrainerPredictor(trainer, pooled, SiteExplainer.EXPLAINED_CLASS, classNames);
            int[] all = IntStream.range(0, pooledRows.size()).toArray();
            reference = PermutationImportance.of(pooledModel, SiteExplainer.matrix(pooledRows, all),
                    SiteExplainer.indicators(pooledRows, all), REFERENCE_REPEATS, new Random(Seeds.mix(seed, 1, 2)));
        }
        return assemble(spec, features, released, refusals, classNames, budget.isPrivate(), reference, budget.describe(), log);
    }

    /** What a site's console (or the simulation's) says about its explanation. */
    public static String siteLine(SiteExplanation s, int n, ExplainRequest request) {
        boolean sampled = request.release() == ExplainRequest.Release.SAMPLE;
        return String.format(Locale.ROOT, "explain: site %s: Kernel SHAP on %s%d of its %d rows (%d coalitions x %d background"
                        + " rows each)%s in %.1f s", s.site(), sampled ? "a Poisson sample of about " : "", s.rows(), n,
                SiteExplainer.COALITIONS, request.isPrivate() ? 1 : Math.min(SiteExplainer.BACKGROUND, n),
                s.permutationImportance() == null ? "" : " and permutation importance", s.seconds());
    }

    /**
     * The study's explanation from the sites' releases, with its summary lines.
     *
     * @param reference the pooled model's permutation importance, or null
     * @param dp        the release's DP settings and cost, or null in clear
     */
    public static TabularExplanation assemble(ExplainSpec spec, List<String> features, List<SiteExplanation> released,
                                              List<String> refusals, List<String> classNames, boolean isPrivate, double[] reference,
                                              ExplanationDp dp, Consumer<String> log) {
        FederatedExplanation aggregate = released.isEmpty() ? null : FederatedExplanation.of(released);
        if (aggregate == null) {
            log.accept("explain: no site had explain_min_rows " + spec.minRows() + " rows; nothing to aggregate");
        } else {
            List<String> top = Arrays.stream(FederatedExplanation.top(aggregate.meanAbsShap(), Math.min(5, features.size())))
                    .mapToObj(features::get).toList();
            log.accept("explain: top features by mean |SHAP| over " + aggregate.sites() + " site(s), " + aggregate.rows() + " rows: "
                    + String.join(", ", top));
        }
        if (dp == null) {
            log.accept("explain: no DP in the study: the sites' explanations were released in clear");
        } else {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "explain: released under %s-level DP (clip %s, noise"
                    + " multiplier %s%s); epsilon at delta %.1e of the explanation / of everything the site released:", dp.level(),
                    dp.clip(), dp.noiseMultiplier(), dp.seeded() ? ", SEEDED NOISE: not private" : "", dp.delta()));
            dp.epsilonExplanation().forEach((site, eps) -> b.append(String.format(Locale.ROOT, " %s %.3f / %.3f", site, eps,
                    dp.epsilonTotal().get(site))));
            log.accept(b.toString());
        }
        String background = isPrivate
                ? "the all-zero row (each standardized feature at the federation's mean): public, so one row's SHAP values"
                + " depend on that row alone"
                : "up to " + SiteExplainer.BACKGROUND + " of the site's own rows";
        return new TabularExplanation(features, aggregate, released, refusals, classNames.get(SiteExplainer.EXPLAINED_CLASS),
                background, SiteExplainer.COALITIONS, reference, dp);
    }
}
