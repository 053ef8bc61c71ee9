package org.fedmed.core.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.training.LocalTrainer;

/**
 * One site explains the global tabular model on its own training rows: Kernel SHAP of the disease
 * class's probability on up to {@code rows} rows against a background of {@value #BACKGROUND} of its
 * other rows (under DP: the all-zero row, each standardized feature at the federation's mean, so that
 * no row's values depend on another private row), and, in clear only, permutation importance on the
 * same rows. What leaves is the mean |SHAP| per feature (and importances), never a row's values. The
 * same code runs in a simulated site and in a node; booking a DP release is the caller's job, done
 * before this runs.
 */
public final class SiteExplainer {

    /** Coalitions per explained row (30 WDBC features: far below 2^30, so sampled in complementary pairs). */
    public static final int COALITIONS = 512;
    /** Background rows standing in for absent features (in clear). */
    public static final int BACKGROUND = 20;
    /** Shuffles per feature in permutation importance. */
    static final int REPEATS = 3;
    /** The class whose probability is explained: the disease class of a two-class study. */
    public static final int EXPLAINED_CLASS = 1;

    private SiteExplainer() {
    }

    /** Why a study with this many classes cannot be explained yet (one line). */
    public static String refusalForClasses(int classes) {
        return "explain: tabular explanations explain the disease class of a two-class model; this dataset has " + classes
                + " classes; remove explain";
    }

    /** Why {@code site} with {@code n} rows refuses {@code request}, or null when it has enough. */
    public static String refusal(String site, int n, ExplainRequest request) {
        return n >= request.minRows() ? null : String.format(Locale.ROOT, "explain: site %s refused: %d rows, fewer than"
                + " explain_min_rows %d; the aggregate is over the other sites", site, n, request.minRows());
    }

    /**
     * @param rows the site's own training rows (preprocessed as for training)
     * @throws ExplanationRefusal when the site has fewer rows than the request's minimum
     */
    public static SiteExplanation explain(String site, ExplainRequest request, LocalTrainer trainer, LabeledSamples rows) {
        if (rows.classNames().size() != 2) {
            throw new IllegalArgumentException(refusalForClasses(rows.classNames().size()));
        }
        String refusal = refusal(site, rows.size(), request);
        if (refusal != null) {
            throw new ExplanationRefusal(refusal);
        }
        long start = System.nanoTime();
        Predictor model = new TrainerPredictor(trainer, request.weights(), EXPLAINED_CLASS, rows.classNames());
        int n = rows.size();
        int m = rows.featureSize();
        int[] chosen = select(site, n, request);
        double[][] x = matrix(rows, chosen); // a Poisson draw may be empty: the release is then the noise alone
        double[][] background = request.isPrivate() ? new double[1][m] : matrix(rows, backgroundRows(site, n, chosen, request.seed()));
        KernelShap shap = new KernelShap(model, background, COALITIONS);
        Random random = new Random(Seeds.salted(request.seed(), site.hashCode() + 2L));
        List<double[]> values = new ArrayList<>(x.length);
        for (double[] row : x) {
            values.add(shap.explain(row, random));
        }
        double[] meanAbs = release(site, request, values, m, n);
        // a shuffled column mixes several rows' values, so importances are released in clear only
        double[] importance = request.isPrivate() || x.length < 2 ? null
                : PermutationImportance.of(model, x, indicators(rows, chosen), REPEATS, random);
        // under sample-level DP the drawn count stays at the site: the expected count stands for it
        int reported = request.release() == ExplainRequest.Release.SAMPLE ? Math.min(request.rows(), n) : x.length;
        return new SiteExplanation(site, reported, meanAbs, importance, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Which of a site's {@code n} rows it explains. Sample level: each row independently with
     * probability q = min(1, rows / n), so one record's presence changes nothing else (and the release
     * enjoys the sampling's amplification); otherwise the first {@code rows} of a seeded shuffle.
     */
    static int[] select(String site, int n, ExplainRequest request) {
        Random random = request.seededNoise() || !request.isPrivate() ? new Random(Seeds.salted(request.seed(), site.hashCode()))
                : GaussianNoise.drbg();
        if (request.release() != ExplainRequest.Release.SAMPLE) {
            return Arrays.copyOf(Shuffle.permutation(n, random), Math.min(n, request.rows()));
        }
        double q = request.samplingRate(n);
        return IntStream.range(0, n).filter(i -> random.nextDouble() < q).toArray();
    }

    /** The site's mean |φ| as it leaves: clear, noisy sum over the expected count (sample level) or noisy mean (client level). */
    private static double[] release(String site, ExplainRequest request, List<double[]> shap, int features, int n) {
        if (!request.isPrivate()) {
            return ShapRelease.meanAbs(shap);
        }
        GaussianNoise noise = request.seededNoise() ? GaussianNoise.seeded(Seeds.salted(request.seed(), site.hashCode() + 1L))
                : GaussianNoise.secure();
        if (request.release() == ExplainRequest.Release.SAMPLE) {
            double q = request.samplingRate(n);
            double[] sum = ShapRelease.noisySumAbs(shap, features, request.clip(), request.noiseMultiplier(), noise);
            for (int j = 0; j < features; j++) {
                sum[j] /= q * n;
            }
            return sum;
        }
        return ShapRelease.siteLevelNoisyMeanAbs(shap, request.clip(), request.noiseMultiplier(), noise);
    }

    /** Background rows for a site in clear: rows it does not explain where it has them, else its first shuffled rows. */
    private static int[] backgroundRows(String site, int n, int[] chosen, long seed) {
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

    /** The given rows of {@code data} as a matrix. */
    public static double[][] matrix(LabeledSamples data, int[] rows) {
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

    /** 1 where the row's label is the explained class. */
    public static int[] indicators(LabeledSamples data, int[] rows) {
        int[] y = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = data.labels()[rows[k]] == EXPLAINED_CLASS ? 1 : 0;
        }
        return y;
    }
}
