package org.fedmed.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

    private static final Path ROOT = DatasetCatalog.defaultDataRoot();

    private static DataRequest request(String dataset, int sites, String partition, long seed) {
        return DataRequest.of(dataset, sites, partition, seed).withDataRoot(ROOT);
    }

    private static void assertNoNaN(LabeledSamples s) {
        for (float x : s.features()) {
            assertFalse(Float.isNaN(x) || Float.isInfinite(x));
        }
    }

    @Test
    void names() {
        assertEquals(List.of("wdbc", "cardio", "heart", "pima", "pneumoniamnist", "breastmnist", "ecg200", "ecg5000", "tcga-brca"),
                DatasetCatalog.names());
        assertTrue(Files.isDirectory(ROOT.resolve("heart_disease_uci")), ROOT.toString());
    }

    @Test
    void deterministicForASeed() {
        for (String dataset : List.of("pima", "heart", "breastmnist")) {
            FederatedData a = DatasetCatalog.prepare(request(dataset, 4, "dirichlet:0.5", 11));
            FederatedData b = DatasetCatalog.prepare(request(dataset, 4, "dirichlet:0.5", 11));
            assertEquals(a, b, dataset);
            FederatedData c = DatasetCatalog.prepare(request(dataset, 4, "dirichlet:0.5", 12));
            assertNotEquals(a.sites(), c.sites(), dataset);
        }
    }

    @Test
    void tabularSitesCoverThePoolAndHoldNoNaN() {
        for (String dataset : List.of("wdbc", "cardio", "heart", "pima")) {
            FederatedData d = DatasetCatalog.prepare(request(dataset, 5, "iid", 3));
            assertEquals(5, d.sites().size());
            assertEquals(List.of("site-1", "site-2", "site-3", "site-4", "site-5"), d.siteIds());
            int total = d.globalTest().size();
            for (SiteData s : d.sites()) {
                assertNoNaN(s.train());
                assertNoNaN(s.test());
                total += s.train().size() + s.test().size();
                assertTrue(s.test().size() >= 1 && s.train().size() >= 2);
            }
            assertNoNaN(d.globalTest());
            int rows = DatasetCatalog.readTable(dataset, ROOT).rows();
            assertEquals(rows, total, dataset);
            assertEquals(Math.round(rows * 0.2), d.globalTest().size(), 1.0, dataset);
            assertEquals(d.featureNames().size(), d.featureShape()[0]);
            assertEquals(d.sites().stream().mapToInt(s -> s.train().size()).sum(), d.pooledTrain().size());
            assertFalse(d.preprocessing().isBlank());
        }
    }

    @Test
    void standardizedOnPooledTrain() {
        FederatedData d = DatasetCatalog.prepare(request("wdbc", 3, "quantity:1", 8));
        LabeledSamples train = d.pooledTrain();
        int f = train.featureSize();
        for (int c = 0; c < f; c++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < train.size(); i++) {
                double x = train.features()[i * f + c];
                sum += x;
                sumSq += x * x;
            }
            assertEquals(0, sum / train.size(), 1e-5);
            assertEquals(1, sumSq / train.size(), 1e-4);
        }
    }

    @Test
    void naturalHeartSplit() {
        FederatedData d = DatasetCatalog.prepare(request("heart", 0, "natural", 1));
        assertEquals(List.of("cleveland", "hungary", "switzerland", "va_long_beach"), d.siteIds());
        int[] rows = {303, 294, 123, 200};
        List<LabeledSamples> tests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SiteData s = d.sites().get(i);
            assertEquals(rows[i], s.train().size() + s.test().size(), s.siteId());
            assertEquals(Math.round(rows[i] * 0.2), s.test().size(), 1.0, s.siteId());
            tests.add(s.test());
        }
        assertEquals(LabeledSamples.concat(tests), d.globalTest());
        // ca (66% missing) and thal (53%) are dropped by the 50% rule; the rest imputed
        assertFalse(d.featureNames().contains("ca"));
        assertTrue(d.featureNames().contains("chol"));
        assertTrue(d.preprocessing().contains("ca ("), d.preprocessing());
        // completeness: Cleveland nearly complete; Switzerland has no cholesterol at all
        assertEquals(297 / 303.0, d.sites().get(0).completeness(), 1e-12);
        assertEquals(0.0, d.sites().get(2).completeness());
        assertEquals(d, DatasetCatalog.prepare(request("heart", 4, "natural", 1)));
    }

    @Test
    void medmnistKeepsTheOfficialSplit() {
        FederatedData d = DatasetCatalog.prepare(request("pneumoniamnist", 3, "iid", 5));
        assertEquals(624, d.globalTest().size());
        assertEquals(4708 + 524, d.sites().stream().mapToInt(s -> s.train().size() + s.test().size()).sum());
        assertArrayEquals(new int[] {1, 28, 28}, d.featureShape());
        assertEquals(List.of("normal", "pneumonia"), d.classNames());
        for (float x : d.globalTest().features()) {
            assertTrue(x >= 0 && x <= 1);
        }
        assertEquals(1.0, d.sites().get(0).completeness());
        assertTrue(d.featureNames().isEmpty());
        // the disease class is label 1 for every dataset; BreastMNIST's files code it 0 and are reversed on reading
        assertEquals(List.of("normal/benign", "malignant"),
                DatasetCatalog.prepare(request("breastmnist", 2, "quantity:2", 5)).classNames());
    }

    @Test
    void ecgSeriesKeepTheOfficialTestSplitOrHoldOutOne() {
        FederatedData ecg200 = DatasetCatalog.prepare(request("ecg200", 3, "iid", 5));
        // the official test split is the global test set; the 100 training series are shared by the sites
        assertEquals(100, ecg200.globalTest().size());
        assertEquals(100, ecg200.sites().stream().mapToInt(s -> s.train().size() + s.test().size()).sum());
        assertEquals(List.of(1, 96), List.of(ecg200.featureShape()[0], ecg200.featureShape()[1]));
        assertEquals(List.of("normal", "myocardial infarction"), ecg200.classNames());
        FederatedData ecg5000 = DatasetCatalog.prepare(request("ecg5000", 5, "iid", 5));
        int held = ecg5000.globalTest().size();
        assertEquals(500, held + ecg5000.sites().stream().mapToInt(s -> s.train().size() + s.test().size()).sum());
        assertTrue(held >= 90 && held <= 110, held + " series held out");
        assertEquals(5, ecg5000.numClasses());
        assertTrue(ecg5000.preprocessing().contains("held out as global test"), ecg5000.preprocessing());
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetCatalog.prepare(request("mnist", 2, "iid", 1)));
        assertEquals("unknown dataset 'mnist'; available: wdbc, cardio, heart, pima, pneumoniamnist, breastmnist, ecg200, ecg5000, tcga-brca", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request("wdbc", 4, "natural", 1)));
        assertTrue(e.getMessage().contains("no natural groups"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request("heart", 3, "natural", 1)));
        assertTrue(e.getMessage().contains("sites must be 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request("wdbc", 0, "iid", 1)));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request("wdbc", 500, "iid", 1)));
        assertTrue(e.getMessage().contains("more sites than rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.prepare(request("pima", 3, "zipf:2", 1)));
        assertTrue(e.getMessage().contains("unknown partition 'zipf:2'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DatasetCatalog.prepare(request("pima", 3, "iid", 1).withDataRoot(Path.of("/no/such/dir"))));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataRequest("pima", null, 3, "iid", 1.0, 0.2, 1));
    }

    @Test
    void systemPropertyOverridesTheDataRoot() {
        String before = System.getProperty(DatasetCatalog.DATA_ROOT_PROPERTY);
        try {
            System.setProperty(DatasetCatalog.DATA_ROOT_PROPERTY, ROOT.resolve("cardio").toString());
            assertEquals(ROOT.resolve("cardio"), DatasetCatalog.defaultDataRoot());
            System.setProperty(DatasetCatalog.DATA_ROOT_PROPERTY, "/no/such/folder");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, DatasetCatalog::defaultDataRoot);
            assertTrue(e.getMessage().contains("fedmed.data") && e.getMessage().contains("/no/such/folder"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(DatasetCatalog.DATA_ROOT_PROPERTY);
            } else {
                System.setProperty(DatasetCatalog.DATA_ROOT_PROPERTY, before);
            }
        }
    }
}
