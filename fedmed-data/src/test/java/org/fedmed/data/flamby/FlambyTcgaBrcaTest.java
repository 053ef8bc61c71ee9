package org.fedmed.data.flamby;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.DatasetCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlambyTcgaBrcaTest {

    private static final Path FOLDER = DatasetCatalog.defaultDataRoot().resolve("tcga_brca");

    @TempDir
    Path tmp;

    @Test
    void sixRegionsWithFlambysStaticSplit() {
        FlambyTcgaBrca data = FlambyTcgaBrca.load(FOLDER);
        assertEquals(List.of("Northeast", "South", "West", "Midwest", "Europe", "Canada"), data.centers());
        int[] train = new int[6];
        int[] test = new int[6];
        for (int r = 0; r < 6; r++) {
            train[r] = data.train().get(r).size();
            test[r] = data.test().get(r).size();
            assertArrayEquals(new int[] {39}, data.train().get(r).featureShape());
            assertTrue(data.test().get(r).isSurvival());
        }
        assertArrayEquals(new int[] {248, 156, 164, 129, 129, 40}, train);
        assertArrayEquals(new int[] {63, 40, 42, 33, 33, 11}, test);
        assertEquals(1088, data.pooledTrain().size() + data.pooledTest().size());
    }

    @Test
    void eventsAndTimesComeFromTheLastTwoColumns() throws IOException {
        // the first patient of the Northeast training set is the first split row of region 0 found in brca.csv order
        FlambyTcgaBrca data = FlambyTcgaBrca.load(FOLDER);
        LabeledSamples ne = data.train().get(0);
        List<String> brca = Files.readAllLines(FOLDER.resolve("brca.csv"));
        List<String> split = Files.readAllLines(FOLDER.resolve("train_test_split.csv"));
        List<String> ne0 = new ArrayList<>();
        for (String s : split) {
            if (s.endsWith(",train_0")) {
                ne0.add(s.split(",")[0]);
            }
        }
        String first = brca.stream().skip(1).filter(l -> ne0.contains(l.split(",")[0])).findFirst().orElseThrow();
        String[] f = first.split(",");
        assertEquals(Float.parseFloat(f[41]), ne.times()[0]);
        assertEquals((int) Float.parseFloat(f[40]), ne.labels()[0]);
        assertEquals(Float.parseFloat(f[1]), ne.features()[0]);
        long events = 0;
        for (LabeledSamples s : data.train()) {
            events += s.labelCounts()[1];
        }
        assertTrue(events > 50 && events < ne0.size(), "events in training: " + events);
    }

    @Test
    void aNegativeTimeNamesFileAndLine() throws IOException {
        Path dir = copyWith("brca.csv", 5, line -> line.substring(0, line.lastIndexOf(',')) + ",-3.0");
        String m = assertThrows(IllegalArgumentException.class, () -> FlambyTcgaBrca.load(dir)).getMessage();
        assertTrue(m.contains("brca.csv line 5: time T = -3.0"), m);
    }

    @Test
    void anEventOtherThanZeroOrOneNamesFileAndLine() throws IOException {
        Path dir = copyWith("brca.csv", 7, line -> {
            String[] f = line.split(",", -1);
            f[40] = "2";
            return String.join(",", f);
        });
        String m = assertThrows(IllegalArgumentException.class, () -> FlambyTcgaBrca.load(dir)).getMessage();
        assertTrue(m.contains("brca.csv line 7: event E = 2, expected 0 or 1"), m);
    }

    @Test
    void aWrongColumnCountNamesFileAndLine() throws IOException {
        Path dir = copyWith("brca.csv", 3, line -> line + ",1");
        String m = assertThrows(IllegalArgumentException.class, () -> FlambyTcgaBrca.load(dir)).getMessage();
        assertTrue(m.contains("brca.csv line 3: 43 columns, expected 42"), m);
    }

    @Test
    void aSplitPatientWithoutDataNamesTheSplitLine() throws IOException {
        Path dir = copyWith("train_test_split.csv", 4, line -> "TCGA-BH-ZZZZ" + line.substring(line.indexOf(',')));
        String m = assertThrows(IllegalArgumentException.class, () -> FlambyTcgaBrca.load(dir)).getMessage();
        assertTrue(m.contains("train_test_split.csv line 4: patient TCGA-BH-ZZZZ has no row in brca.csv"), m);
    }

    @Test
    void aPatientMovedToAnotherRegionIsCaught() throws IOException {
        // line 2 is TCGA-AO-A1KO, a Northeast patient; claiming it for Canada contradicts centers.csv
        Path dir = copyWith("train_test_split.csv", 2, line -> line.replace("train_0", "train_5"));
        String m = assertThrows(IllegalArgumentException.class, () -> FlambyTcgaBrca.load(dir)).getMessage();
        assertTrue(m.contains("TCGA-AO-A1KO is in region Canada in train_test_split.csv (line 2)") && m.contains("in Northeast"), m);
    }

    /** The bundled files copied to a temporary folder, with the 1-based line {@code n} of {@code name} changed. */
    private Path copyWith(String name, int n, UnaryOperator<String> change) throws IOException {
        for (String f : List.of("brca.csv", "centers.csv", "train_test_split.csv")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(FOLDER.resolve(f)));
            if (f.equals(name)) {
                lines.set(n - 1, change.apply(lines.get(n - 1)));
            }
            Files.write(tmp.resolve(f), lines);
        }
        return tmp;
    }
}
