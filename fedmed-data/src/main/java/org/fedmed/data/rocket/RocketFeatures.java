package org.fedmed.data.rocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.Standardizer;

/**
 * A series dataset turned into ROCKET features for a linear model: every site's series and the
 * global test set through the same {@link RocketTransform}, drawn from the study's seed, then
 * z-scored with the sites' training statistics merged by addition (count, sum, sum of squares per
 * feature, as the tabular datasets are standardized), so nothing of a test set is fitted.
 */
public final class RocketFeatures {

    private RocketFeatures() {
    }

    /** {@code data} as standardized ROCKET features of {@code kernels} kernels drawn from {@code seed}. */
    public static FederatedData apply(FederatedData data, int kernels, long seed) {
        int[] shape = data.featureShape();
        RocketTransform transform = RocketTransform.draw(kernels, shape[shape.length - 1], seed);
        List<LabeledSamples[]> raw = new ArrayList<>(data.sites().size());
        List<FeatureStats> stats = new ArrayList<>(data.sites().size());
        for (SiteData s : data.sites()) {
            LabeledSamples train = transform.apply(s.train());
            raw.add(new LabeledSamples[] {train, transform.apply(s.test())});
            stats.add(statistics(train));
        }
        int[] all = new int[transform.features()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        Standardizer z = Standardizer.fit(FeatureStats.merge(stats), all);
        List<SiteData> sites = new ArrayList<>(data.sites().size());
        for (int i = 0; i < data.sites().size(); i++) {
            SiteData s = data.sites().get(i);
            sites.add(new SiteData(s.siteId(), standardize(raw.get(i)[0], z), standardize(raw.get(i)[1], z), s.completeness()));
        }
        LabeledSamples globalTest = standardize(transform.apply(data.globalTest()), z);
        String description = data.preprocessing() + String.format(Locale.ROOT, " Then ROCKET features (Dempster et al. 2020):"
                + " %d random kernels drawn from the study's seed, the proportion of positive values and the maximum of each"
                + " kernel's output, %d features z-scored with the sites' merged training statistics.", kernels, transform.features());
        return new FederatedData(data.dataset(), sites, globalTest, List.of(), description);
    }

    /** Count, sum and sum of squares per feature of {@code samples}. */
    static FeatureStats statistics(LabeledSamples samples) {
        int f = samples.featureSize();
        long[] observed = new long[f];
        double[] sum = new double[f];
        double[] sumSq = new double[f];
        float[] v = samples.features();
        for (int i = 0; i < samples.size(); i++) {
            for (int c = 0; c < f; c++) {
                double x = v[i * f + c];
                observed[c]++;
                sum[c] += x;
                sumSq[c] += x * x;
            }
        }
        return new FeatureStats(samples.size(), observed, sum, sumSq);
    }

    static LabeledSamples standardize(LabeledSamples samples, Standardizer z) {
        int f = samples.featureSize();
        float[] v = samples.features().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) z.apply(i % f, v[i]);
        }
        return new LabeledSamples(samples.featureShape(), v, samples.labels(), samples.classNames(),
                samples.isSurvival() ? samples.times() : null);
    }
}
