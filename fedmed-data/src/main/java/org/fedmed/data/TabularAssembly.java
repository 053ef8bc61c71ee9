package org.fedmed.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;
import org.fedmed.data.partition.Partitioner;
import org.fedmed.data.prep.Completeness;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.split.StratifiedSplit;

/** Builds a {@link FederatedData} from a raw table: split, partition, fit preprocessing on site train sets, apply. */
final class TabularAssembly {

    private TabularAssembly() {
    }

    static FederatedData prepare(String name, RawTable table, DataRequest request, Partitioner partitioner) {
        boolean natural = partitioner.usesNaturalGroups();
        int[] pool;
        int[] globalTestRows = null;
        String split;
        if (natural) {
            if (!table.hasGroups()) {
                throw new IllegalArgumentException("dataset '" + name + "' has no natural groups (hospitals), so the natural"
                        + " partition does not apply; it is available for: heart");
            }
            if (request.siteTestFraction() == 0) {
                throw new IllegalArgumentException("the natural partition needs siteTestFraction > 0:"
                        + " its global test set is the union of the site test sets");
            }
            pool = table.allRows();
            split = String.format(Locale.ROOT, "each hospital's rows split stratified %.0f/%.0f into site train/test;"
                    + " global test = union of the site test sets", 100 * (1 - request.siteTestFraction()),
                    100 * request.siteTestFraction());
        } else {
            StratifiedSplit.Split global = StratifiedSplit.split(table.labels(), table.allRows(), table.numClasses(),
                    request.testFraction(), SitePlanner.MIN_TRAIN, 1, Seeds.stream(request.seed(), SitePlanner.GLOBAL_SPLIT_STREAM));
            pool = global.train();
            globalTestRows = global.test();
            split = String.format(Locale.ROOT, "stratified global hold-out of %.0f%% (%d rows) as global test; the other %d rows"
                    + " partitioned by %s, each site keeping a stratified %.0f%% as local test", 100 * request.testFraction(),
                    globalTestRows.length, pool.length, partitioner.spec(), 100 * request.siteTestFraction());
        }
        List<SitePlanner.SitePlan> plans = SitePlanner.plan(partitioner, pool, table.labels(), table.numClasses(),
                table.groups(), table.groupNames(), request);

        // each site's sufficient statistics, merged as a coordinator would: fit on train sets only
        List<FeatureStats> siteStats = new ArrayList<>(plans.size());
        for (SitePlanner.SitePlan plan : plans) {
            siteStats.add(FeatureStats.of(table, plan.train()));
        }
        TabularPreprocessor prep = TabularPreprocessor.fit(FeatureStats.merge(siteStats), table.featureNames(),
                TabularPreprocessor.DEFAULT_MAX_MISSING_SHARE);

        List<SiteData> sites = new ArrayList<>(plans.size());
        List<LabeledSamples> siteTests = new ArrayList<>(plans.size());
        for (SitePlanner.SitePlan plan : plans) {
            LabeledSamples test = prep.transform(table, plan.test());
            siteTests.add(test);
            sites.add(new SiteData(plan.siteId(), prep.transform(table, plan.train()), test,
                    Completeness.completeShare(table, plan.all())));
        }
        LabeledSamples globalTest = natural ? LabeledSamples.concat(siteTests) : prep.transform(table, globalTestRows);
        String description = table.cleaning() + ". Split: " + split + ". Preprocessing: " + prep.describe()
                + ". Completeness = share of a site's raw records with no missing value in any column, before imputation.";
        return new FederatedData(name, sites, globalTest, prep.outputNames(), description);
    }
}
