package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fedmed.data.DatasetCatalog;
import org.junit.jupiter.api.Test;

/** The readers on the real bundled files: counts checked against the datasets README. */
class RealDataReadersTest {

    private static final Path ROOT = DatasetCatalog.defaultDataRoot();

    @Test
    void wdbc() {
        RawTable t = WdbcReader.read(ROOT.resolve("breast_cancer_wisconsin/wdbc.data"));
        assertEquals(569, t.rows());
        assertEquals(30, t.cols());
        assertArrayEquals(new int[] {357, 212}, t.labelCounts()); // benign, malignant
        assertEquals("malignant", t.classNames().get(1));
        assertEquals(17.99, t.value(0, 0), 1e-12); // radius_mean of the first row
        assertEquals(1, t.labels()[0]);
        assertEquals(1.0, completeRows(t));
    }

    @Test
    void cardio() {
        Path file = ROOT.resolve("cardio/cardio_train.csv");
        CardioReader.read(file); // warm up, then time a second read
        long start = System.nanoTime();
        RawTable t = CardioReader.read(file);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("cardio: parsed 70,000 rows in %.0f ms%n", ms);
        assertTrue(ms < 1000, "cardio parse took " + ms + " ms");
        assertEquals(70_000, t.rows());
        assertEquals(12, t.cols());
        assertArrayEquals(new int[] {35_021, 34_979}, t.labelCounts());
        assertEquals(18393 / 365.25, t.value(0, t.column("age_years")), 1e-12);
        assertEquals(62.0 / (1.68 * 1.68), t.value(0, t.column("bmi")), 1e-9);
        double meanAgeDays = 0;
        for (int r = 0; r < t.rows(); r++) {
            meanAgeDays += t.value(r, 0) * 365.25 / t.rows();
        }
        assertEquals(19_468.9, meanAgeDays, 0.1);
        // the implausible-value policy: no surviving value outside its range, and ap_lo never above ap_hi
        int hi = t.column("ap_hi");
        int lo = t.column("ap_lo");
        int missingPressure = 0;
        for (int r = 0; r < t.rows(); r++) {
            double h = t.value(r, hi);
            double l = t.value(r, lo);
            assertTrue(Double.isNaN(h) || (h >= 60 && h <= 250));
            assertTrue(Double.isNaN(l) || (l >= 30 && l <= 200));
            assertTrue(Double.isNaN(h) || Double.isNaN(l) || l <= h);
            if (Double.isNaN(h) || Double.isNaN(l)) {
                missingPressure++;
            }
        }
        // README: 228 ap_hi and 1,006 ap_lo out of range, 1,234 rows with ap_lo > ap_hi (overlapping)
        assertTrue(missingPressure > 1_000 && missingPressure < 2_500, "rows with a missing pressure: " + missingPressure);
        assertTrue(t.cleaning().contains("ap_lo > ap_hi"));
    }

    @Test
    void heartPerHospital() {
        RawTable t = HeartDiseaseReader.read(ROOT.resolve("heart_disease_uci"));
        assertEquals(920, t.rows());
        assertEquals(13, t.cols());
        assertEquals(HeartDiseaseReader.HOSPITALS, t.groupNames());
        int[] expectedRows = {303, 294, 123, 200};
        int[] expectedDisease = {139, 106, 115, 149};
        for (int g = 0; g < 4; g++) {
            int[] rows = t.rowsOfGroup(g);
            assertEquals(expectedRows[g], rows.length, t.groupNames().get(g));
            int disease = 0;
            for (int r : rows) {
                disease += t.labels()[r];
            }
            assertEquals(expectedDisease[g], disease, t.groupNames().get(g));
        }
        int[] cleveland = t.rowsOfGroup(0);
        assertEquals(4, t.missingCount(t.column("ca"), cleveland));
        assertEquals(2, t.missingCount(t.column("thal"), cleveland));
        assertEquals(0, t.missingCount(t.column("chol"), cleveland));
        int[] hungary = t.rowsOfGroup(1);
        assertEquals(23, t.missingCount(t.column("chol"), hungary));
        assertEquals(291, t.missingCount(t.column("ca"), hungary));
        int[] switzerland = t.rowsOfGroup(2);
        assertEquals(123, t.missingCount(t.column("chol"), switzerland)); // chol = 0 everywhere: disguised missing
        assertEquals(118, t.missingCount(t.column("ca"), switzerland));
        int[] va = t.rowsOfGroup(3);
        assertEquals(7 + 49, t.missingCount(t.column("chol"), va)); // 7 '?' and 49 zeros
        assertEquals(56 + 1, t.missingCount(t.column("trestbps"), va)); // 56 '?' and one 0
        assertEquals(2.3, t.value(0, t.column("oldpeak")), 1e-12);
    }

    @Test
    void pima() {
        RawTable t = PimaReader.read(ROOT.resolve("pima_diabetes/pima-indians-diabetes.data"));
        assertEquals(768, t.rows());
        assertEquals(8, t.cols());
        assertArrayEquals(new int[] {500, 268}, t.labelCounts());
        int[] all = t.allRows();
        assertEquals(5, t.missingCount(t.column("glucose"), all));
        assertEquals(35, t.missingCount(t.column("blood_pressure"), all));
        assertEquals(227, t.missingCount(t.column("skin_thickness"), all));
        assertEquals(374, t.missingCount(t.column("insulin"), all));
        assertEquals(11, t.missingCount(t.column("bmi"), all));
        assertEquals(0, t.missingCount(t.column("pregnancies"), all)); // 0 pregnancies is a real value
    }

    @Test
    void pneumoniaMnist() {
        MedMnistReader.Splits s = MedMnistReader.read(ROOT.resolve("medmnist/pneumoniamnist.npz"),
                MedMnistReader.PNEUMONIA_CLASSES);
        assertEquals(4708, s.train().size());
        assertEquals(524, s.val().size());
        assertEquals(624, s.test().size());
        assertArrayEquals(new int[] {1214, 3494}, s.train().labelCounts());
        assertArrayEquals(new int[] {135, 389}, s.val().labelCounts());
        assertArrayEquals(new int[] {234, 390}, s.test().labelCounts());
        assertEquals(28, s.train().height());
        assertEquals(28, s.train().width());
    }

    @Test
    void breastMnist() {
        MedMnistReader.Splits s = MedMnistReader.read(ROOT.resolve("medmnist/breastmnist.npz"),
                MedMnistReader.BREAST_CLASSES, true);
        assertEquals(546, s.train().size());
        assertEquals(78, s.val().size());
        assertEquals(156, s.test().size());
        // MedMNIST's files: 147 malignant (label 0) and 399 normal/benign; reversed, malignant is label 1
        assertArrayEquals(new int[] {399, 147}, s.train().labelCounts());
        assertArrayEquals(new int[] {114, 42}, s.test().labelCounts());
        assertEquals("malignant", s.train().classNames().get(1));
        MedMnistReader.Splits asFiled = MedMnistReader.read(ROOT.resolve("medmnist/breastmnist.npz"), MedMnistReader.BREAST_CLASSES);
        assertArrayEquals(new int[] {147, 399}, asFiled.train().labelCounts());
    }

    private static double completeRows(RawTable t) {
        int complete = 0;
        for (int r = 0; r < t.rows(); r++) {
            complete += t.isComplete(r) ? 1 : 0;
        }
        return (double) complete / t.rows();
    }
}
