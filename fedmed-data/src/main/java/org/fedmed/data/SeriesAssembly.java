package org.fedmed.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;
import org.fedmed.data.partition.Partitioner;
import org.fedmed.data.split.StratifiedSplit;

/**
 * Builds a {@link FederatedData} from a UCR series dataset. With an official test split (ECG200) the
 * training split is partitioned among the sites and the test split is the global test set; with
 * the training split only (ECG5000 as bundled) a stratified share of it is held out as the global
 * test set first. The archive's series are already z-normalized one by one, so nothing is fitted
 * and nothing from a test set can leak into the training.
 */
final class SeriesAssembly {

    private SeriesAssembly() {
    }

    /** @param officialTest the archive's test split, or null to hold out {@code request.testFraction()} of {@code train} */
    static FederatedData prepare(String name, LabeledSamples train, LabeledSamples officialTest, DataRequest request,
                                 Partitioner partitioner) {
        if (partitioner.usesNaturalGroups()) {
            throw new IllegalArgumentException("dataset '" + name + "' has no natural groups (hospitals), so the natural"
                    + " partition does not apply; it is available for: heart");
        }
        LabeledSamples pool = train;
        LabeledSamples globalTest = officialTest;
        String split;
        if (officialTest == null) {
            StratifiedSplit.Split s = StratifiedSplit.split(train.labels(), IntStream.range(0, train.size()).toArray(),
                    train.numClasses(), request.testFraction(), SitePlanner.MIN_TRAIN, 1,
                    Seeds.stream(request.seed(), SitePlanner.GLOBAL_SPLIT_STREAM));
            pool = train.subset(s.train());
            globalTest = train.subset(s.test());
            split = String.format(Locale.ROOT, "training split only: a stratified %.0f%% (%d series) held out as global test,"
                    + " the other %d", 100 * request.testFraction(), globalTest.size(), pool.size());
        } else {
            split = String.format(Locale.ROOT, "official split kept: train (%d series)", train.size());
        }
        List<SitePlanner.SitePlan> plans = SitePlanner.plan(partitioner, IntStream.range(0, pool.size()).toArray(), pool.labels(),
                pool.numClasses(), null, List.of(), request);
        List<SiteData> sites = new ArrayList<>(plans.size());
        for (SitePlanner.SitePlan plan : plans) {
            sites.add(new SiteData(plan.siteId(), pool.subset(plan.train()), pool.subset(plan.test()), 1.0));
        }
        String description = String.format(Locale.ROOT, "%s: UCR archive series of length %d; %s partitioned by %s, each site"
                        + " keeping a stratified %.0f%% as local test; %s (%d series) is the global test set. Preprocessing: none"
                        + " (the archive z-normalizes each series), feature shape [1,%d]; no missing values (completeness 1.0).",
                name, pool.featureShape()[1], split, partitioner.spec(), 100 * request.siteTestFraction(),
                officialTest == null ? "the hold-out" : "the official test split", globalTest.size(), pool.featureShape()[1]);
        return new FederatedData(name, sites, globalTest, List.of(), description);
    }
}
