package org.fedmed.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.data.flamby.FlambyTcgaBrca;
import org.fedmed.data.partition.Partitioner;

/**
 * Survival data for a simulation: FLamby's Fed-TCGA-BRCA as its six regions with FLamby's static
 * train/test split. Only the natural partition applies: the regions are the federation FLamby
 * benchmarks, and its published C-indices are for exactly this split, so a random re-partition would
 * compare different data (and could leave a site's test set without an event to rank).
 */
final class SurvivalAssembly {

    private SurvivalAssembly() {
    }

    static FederatedData tcgaBrca(Path folder, DataRequest request, Partitioner partitioner) {
        if (!partitioner.usesNaturalGroups()) {
            throw new IllegalArgumentException("dataset 'tcga-brca' comes with FLamby's fixed split into its 6 regions; partition '"
                    + request.partition() + "' does not apply: use --partition natural (its default)");
        }
        int regions = FlambyTcgaBrca.REGIONS.size();
        if (request.sites() != 0 && request.sites() != regions) {
            throw new IllegalArgumentException("dataset 'tcga-brca' has " + regions + " regions " + FlambyTcgaBrca.REGIONS
                    + ", so sites must be " + regions + " (or 0 = one per region), got " + request.sites());
        }
        FlambyTcgaBrca data = FlambyTcgaBrca.load(folder);
        List<SiteData> sites = new ArrayList<>(regions);
        for (int r = 0; r < regions; r++) {
            sites.add(new SiteData(data.centers().get(r), data.train().get(r), data.test().get(r), 1.0));
        }
        return new FederatedData("tcga-brca", sites, data.pooledTest(), FlambyTcgaBrca.covariateNames(folder),
                "none: FLamby's 39 covariates used as given (FLamby does not rescale them); FLamby's static split of each region"
                        + " into train/test (test_fraction and site_test_fraction do not apply); global test = union of the"
                        + " regions' test sets; label = event (1 death observed, 0 censored), with the follow-up time in days");
    }
}
