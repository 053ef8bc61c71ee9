package org.fedmed.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.fedmed.data.partition.Partitioner;
import org.fedmed.data.prep.ImageScaling;
import org.fedmed.data.read.ImageSet;
import org.fedmed.data.read.MedMnistReader;

/**
 * Builds a {@link FederatedData} from MedMNIST's official splits: train + val form the training
 * pool that is partitioned among sites, the official test split is the global test set.
 */
final class ImageAssembly {

    private ImageAssembly() {
    }

    static FederatedData prepare(String name, MedMnistReader.Splits splits, DataRequest request, Partitioner partitioner) {
        if (partitioner.usesNaturalGroups()) {
            throw new IllegalArgumentException("dataset '" + name + "' has no natural groups (hospitals), so the natural"
                    + " partition does not apply; it is available for: heart");
        }
        ImageSet pool = splits.train().concat(splits.val());
        List<SitePlanner.SitePlan> plans = SitePlanner.plan(partitioner, allRows(pool.size()), pool.labels(),
                pool.classNames().size(), null, List.of(), request);
        // plain [0,1] scaling needs no fitted statistics, so nothing from any test set can leak in
        ImageScaling scaling = ImageScaling.UNIT;
        List<SiteData> sites = new ArrayList<>(plans.size());
        for (SitePlanner.SitePlan plan : plans) {
            sites.add(new SiteData(plan.siteId(), scaling.apply(pool, plan.train()), scaling.apply(pool, plan.test()), 1.0));
        }
        String description = String.format(Locale.ROOT, "%s: official MedMNIST split kept: train (%d) + val (%d) pooled"
                        + " and partitioned by %s, each site keeping a stratified %.0f%% as local test; official test (%d) is the"
                        + " global test set (testFraction not used). Preprocessing: %s, feature shape [1,%d,%d]; images have no"
                        + " missing values (completeness 1.0).", name, splits.train().size(), splits.val().size(),
                partitioner.spec(), 100 * request.siteTestFraction(), splits.test().size(), scaling.describe(),
                pool.height(), pool.width());
        return new FederatedData(name, sites, scaling.apply(splits.test(), allRows(splits.test().size())), List.of(),
                description);
    }

    private static int[] allRows(int n) {
        return IntStream.range(0, n).toArray();
    }
}
