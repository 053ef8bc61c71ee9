package org.fedmed.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SurvivalAssemblyTest {

    private static DataRequest request(int sites, String partition) {
        return DataRequest.of("tcga-brca", sites, partition, 1).withDataRoot(DatasetCatalog.defaultDataRoot());
    }

    @Test
    void tcgaBrcaIsTheSixRegionsWithFlambysSplit() {
        FederatedData d = DatasetCatalog.prepare(request(0, "natural"));
        assertEquals(List.of("Northeast", "South", "West", "Midwest", "Europe", "Canada"), d.siteIds());
        // FLamby's counts per region (datasets/README, FlambyTcgaBrca)
        int[] train = {248, 156, 164, 129, 129, 40};
        int[] test = {63, 40, 42, 33, 33, 11};
        int testSum = 0;
        for (int r = 0; r < 6; r++) {
            assertEquals(train[r], d.sites().get(r).train().size());
            assertEquals(test[r], d.sites().get(r).test().size());
            assertTrue(d.sites().get(r).train().isSurvival());
            testSum += test[r];
        }
        assertEquals(testSum, d.globalTest().size());
        assertTrue(d.globalTest().isSurvival());
        assertEquals(866, d.pooledTrain().size());
        assertEquals(39, d.featureNames().size());
        assertEquals("age_at_index", d.featureNames().get(0));
        assertTrue(DatasetCatalog.isSurvival("tcga-brca"));
        assertFalse(DatasetCatalog.isSurvival("heart"));
        assertEquals(6, DatasetCatalog.prepare(request(6, "natural")).sites().size());
    }

    @Test
    void otherPartitionsAndSiteCountsAreRefusedInOneLine() {
        IllegalArgumentException iid = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request(5, "iid")));
        assertTrue(iid.getMessage().contains("--partition natural"), iid.getMessage());
        assertFalse(iid.getMessage().contains("\n"));
        IllegalArgumentException four = assertThrows(IllegalArgumentException.class,
                () -> DatasetCatalog.prepare(request(4, "natural")));
        assertTrue(four.getMessage().contains("sites must be 6"), four.getMessage());
    }
}
