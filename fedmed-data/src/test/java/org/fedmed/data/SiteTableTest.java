package org.fedmed.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hospital's own table: its split, the statistics it may share, and the preprocessing applied to it. */
class SiteTableTest {

    private static final TableSchema SCHEMA = new TableSchema("y", List.of("no", "yes"), List.of("a", "b", "rare"));

    /** 30 records; column "rare" has a value in only three of them. */
    private static Path file(Path dir) throws IOException {
        StringBuilder b = new StringBuilder("a,b,rare,y\n");
        for (int i = 0; i < 30; i++) {
            b.append(i).append(',').append(i % 7 == 0 ? "" : String.valueOf(2 * i + 1)).append(',')
                    .append(i < 3 ? String.valueOf(100 + i) : "NA").append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        return Files.writeString(dir.resolve("own.csv"), b.toString());
    }

    @Test
    void splitsStratifiedAndReproducibly(@TempDir Path dir) throws IOException {
        SiteTable t = SiteTable.load(file(dir), SCHEMA, 0.2, 7);
        assertEquals(24, t.trainRows());
        assertEquals(6, t.testRows());
        assertArrayEquals(new long[] {16, 8}, t.trainLabelCounts());
        assertEquals(t.trainStatistics(), SiteTable.load(file(dir), SCHEMA, 0.2, 7).trainStatistics());
    }

    @Test
    void sharesAggregatesOnlyOverEnoughRecords(@TempDir Path dir) throws IOException {
        SiteTable t = SiteTable.load(file(dir), SCHEMA, 0.2, 7);
        FeatureStats all = t.trainStatistics();
        FeatureStats shared = t.shareableTrainStatistics(10);
        assertEquals(all.rows(), shared.rows());
        assertEquals(all.observed()[0], shared.observed()[0]);
        assertEquals(all.sum()[1], shared.sum()[1]);
        assertTrue(all.observed()[2] > 0 && all.observed()[2] < 10, "rare is observed in a few training records");
        assertEquals(0, shared.observed()[2]);
        assertEquals(0.0, shared.sum()[2]);
        assertEquals(0.0, shared.sumSq()[2]);
        assertEquals(List.of("rare"), t.suppressedFeatures(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.shareableTrainStatistics(25));
        assertTrue(e.getMessage().contains("24 training records; the study requires at least 25"), e.getMessage());
    }

    @Test
    void appliesTheFederationsPreprocessingToTrainAndTest(@TempDir Path dir) throws IOException {
        SiteTable t = SiteTable.load(file(dir), SCHEMA, 0.2, 7);
        TabularPreprocessor prep = TabularPreprocessor.fit(t.shareableTrainStatistics(10), t.featureNames(), 0.5);
        assertEquals(List.of("a", "b"), prep.outputNames());
        SiteData d = t.prepare("h1", prep);
        assertEquals(24, d.train().size());
        assertEquals(6, d.test().size());
        assertArrayEquals(new int[] {2}, d.train().featureShape());
        assertEquals(List.of("no", "yes"), d.train().classNames());
        TabularPreprocessor other = TabularPreprocessor.fit(t.trainStatistics(), List.of("b", "a", "rare"), 0.5);
        assertThrows(IllegalArgumentException.class, () -> t.prepare("h1", other));
    }
}
