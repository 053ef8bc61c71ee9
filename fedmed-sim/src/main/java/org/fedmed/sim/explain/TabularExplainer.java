package org.fedmed.sim.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.explain.FederatedExplanation;
import org.fedmed.core.explain.KernelShap;
import org.fedmed.core.explain.PermutationImportance;
import org.fedmed.core.explain.Predictor;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.explain.TrainerPredictor;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.study.ExplainSpec;

/**
 * Each site explains the final tabular model on its own training rows, as a node would: Kernel SHAP
 * of the disease class's probability on up to {@code explain_rows} rows, against a background of
 * {@value #BACKGROUND} of its other rows (under DP: the all-zero row, each standardized feature at the
 * federation's mean, so that no row's values depend on another private row), and, in clear only,
 * permutation importance on the same rows. What leaves a site is its mean |SHAP| per feature (and
 * importances), never a row's values. A site with fewer than {@code explain_min_rows} rows refuses.
 */
public final class TabularExplainer {

    /** Coalitions per explained row (30 WDBC features: far below 2^30, so sampled in complementary pairs). */
    static final int COALITIONS = 512;
    /** Background rows standing in for absent features (in clear). */
    static final int BACKGROUND = 20;
    /** Shuffles per feature in permutation importance. */
    static final int REPEATS = 3;
    /** Shuffles per feature for the pooled reference: it is read feature by feature against the sites' ranking. */
    static final int REFERENCE_REPEATS = 10;

    private final ExplainSpec spec;
    private final long seed;
    private final LocalTrainer trainer;
    private final List<String> classNames;
    private final int explainedClass;

    public TabularExplainer(ExplainSpec spec, long seed, LocalTrainer trainer, List<String> classNames) {
        if (classNames.size() != 2) {
            throw new IllegalArgumentException(refusalForClasses(classNames.size()));
        }
        this.spec = spec;
        this.seed = seed;
        this.trainer = trainer;
        this.classNames = List.copyOf(classNames);
        this.explainedClass = 1;
    }

    /** Why a study with this many classes cannot be explained yet (one line, for the check before training). */
    public static String refusalForClasses(int classes) {
        return "explain: tabular explanations explain the disease class of a two-class model; this dataset has " + classes
                + " classes; remove explain";
    }

    /**
     * @param siteRows each site's own training rows
     * @param pooled   the centralized model, or null: its permutation importance on {@code pooledRows} (the pooled training
     *                 data it was trained on, the largest set at hand: permutation importance on few rows is noisy) is
     *                 the reference the sites' ranking is compared with
     */
    public TabularExplanation explain(ModelWeights federated, Map<String, LabeledSamples> siteRows, List<String> features,
                                      ModelWeights pooled, LabeledSamples pooledRows, ExplanationBudget budget, Consumer<String> log) {
        Predictor model = new TrainerPredictor(trainer, federated, explainedClass, classNames);
        List<SiteExplanation> released = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<String, LabeledSamples> e : siteRows.entrySet()) {
            String site = e.getKey();
            LabeledSamples rows = e.getValue();
            if (rows.size() < spec.minRows()) {
                String line = String.format(Locale.ROOT, "explain: site %s refused: %d rows, fewer than explain_min_rows %d;"
                        + " the aggregate is over the other sites", site, rows.size(), spec.minRows());
                refusals.add(line);
                log.accept(line);
                continue;
            }
            released.add(explainSite(site, model, rows, budget, log));
        }
        double[] reference = null;
        if (pooled != null) {
            Predictor pooledModel = new TrainerPredictor(trainer, pooled, explainedClass, classNames);
            reference = PermutationImportance.of(pooledModel, matrix(pooledRows, all(pooledRows.size())),
                    indicators(pooledRows, all(pooledRows.size())), REFERENCE_REPEATS, new Random(Seeds.mix(seed, 1, 2)));
        }
        FederatedExplanation aggregate = released.isEmpty() ? null : FederatedExplanation.of(released);
        if (aggregate == null) {
            log.accept("explain: no site had explain_min_rows " + spec.minRows() + " rows; nothing to aggregate");
        } else {
            List<String> top = Arrays.stream(FederatedExplanation.top(aggregate.meanAbsShap(), Math.min(5, features.size())))
                    .mapToObj(features::get).toList();
            log.accept("explain: top features by mean |SHAP| over " + aggregate.sites() + " site(s), " + aggregate.rows() + " rows: "
                    + String.join(", ", top));
        }
        ExplanationDp dp = budget.describe();
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
        String background = budget.isPrivate()
                ? "the all-zero row (each standardized feature at the federation's mean): public, so one row's SHAP values"
                + " depend on that row alone"
                : "up to " + BACKGROUND + " of the site's own rows";
        return new TabularExplanation(features, aggregate, released, refusals, classNames.get(explainedClass), background, COALITIONS,
                reference, dp);
    }

    private SiteExplanation explainSite(String site, Predictor model, LabeledSamples rows, ExplanationBudget budget,
                                        Consumer<String> log) {
        long start = System.nanoTime();
        int n = rows.size();
        int m = rows.featureSize();
        int[] chosen = budget.select(site, n);
        double[][] x = matrix(rows, chosen);
        double[][] background = budget.isPrivate() ? new double[1][m] : matrix(rows, backgroundRows(site, n, chosen));
        KernelShap shap = new KernelShap(model, background, COALITIONS);
        Random random = new Random(Seeds.salted(seed, site.hashCode() + 2L));
        List<double[]> values = new ArrayList<>(x.length);
        for (double[] row : x) {
            values.add(shap.explain(row, random));
        }
        double[] meanAbs = budget.release(site, values, m, n);
        // a shuffled column mixes several rows' values, so importances are released in clear only
        double[] importance = budget.isPrivate() || x.length < 2 ? null
                : PermutationImportance.of(model, x, indicators(rows, chosen), REPEATS, random);
        double seconds = (System.nanoTime() - start) / 1e9;
        // under record-level DP the drawn count stays at the site: the expected count stands for it
        int rowsReported = budget.reportedRows(n, x.length);
        log.accept(String.format(Locale.ROOT, "explain: site %s: Kernel SHAP on %s%d of its %d rows (%d coalitions x %d background"
                + " rows each)%s in %.1f s", site, rowsReported == x.length ? "" : "a Poisson sample of about ", rowsReported, n,
                COALITIONS, background.length, importance == null ? "" : " and permutation importance", seconds));
        return new SiteExplanation(site, rowsReported, meanAbs, importance, seconds);
    }

    /** Background rows for a site in clear: rows it does not explain where it has them, else its first shuffled rows. */
    private int[] backgroundRows(String site, int n, int[] chosen) {
        boolean[] used = new boolean[n];
        for (int i : chosen) {
            used[i] = true;
        }
        int[] order = Shuffle.permutation(n, new Random(Seeds.salted(seed, site.hashCode() + 3L)));
        List<Integer> picked = new ArrayList<>();
        for (int i : order) {
            if (!used[i] && picked.size() < BACKGROUND) {
                picked.add(i);
            }
        }
        for (int i = 0; picked.size() < Math.min(BACKGROUND, n) && i < order.length; i++) {
            if (used[order[i]]) {
                picked.add(order[i]);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    static double[][] matrix(LabeledSamples data, int[] rows) {
        int m = data.featureSize();
        float[] f = data.features();
        double[][] out = new double[rows.length][m];
        for (int k = 0; k < rows.length; k++) {
            for (int j = 0; j < m; j++) {
                out[k][j] = f[rows[k] * m + j];
            }
        }
        return out;
    }

    private int[] indicators(LabeledSamples data, int[] rows) {
        int[] y = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = data.labels()[rows[k]] == explainedClass ? 1 : 0;
        }
        return y;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
