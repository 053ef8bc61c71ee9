package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.SiteTable;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.CsvTableReader;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.WdbcReader;
import org.fedmed.data.split.StratifiedSplit;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.StatisticsResult;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.PreprocessingFit;
import org.fedmed.study.prep.SiteStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federated preprocessing (each site's training statistics over the wire, merged by the
 * coordinator) is the preprocessing fitted on the pooled training rows of all sites. Floating-point
 * sums depend on their order, so "the same" is bit for bit where the sums are exact (integer data)
 * and to the last few bits otherwise; against the merge of the sites' own statistics it is always
 * bit for bit, which is also how the simulation fits.
 */
class FederatedPreprocessingTest {

    private static final List<String> SITES = List.of("site-1", "site-2", "site-3");

    /** What the sites would send: each file read, split, its statistics through the protocol and back. */
    private static Map<String, SiteStatistics> overTheWire(List<SiteTable> tables, int minRows) throws InvalidProtocolBufferException {
        Map<String, SiteStatistics> out = new LinkedHashMap<>();
        for (int s = 0; s < tables.size(); s++) {
            SiteTable t = tables.get(s);
            byte[] wire = PrepProtocol.statisticsResult(new SiteStatistics(t.featureNames(), t.shareableTrainStatistics(minRows)))
                    .toByteArray();
            out.put(SITES.get(s), PrepProtocol.siteStatistics(StatisticsResult.parseFrom(wire), minRows));
        }
        return out;
    }

    /** The union of the sites' training rows as one table (what a central fit would see). */
    private static RawTable pooledTrainRows(List<Path> files, TableSchema schema, OwnDataSchema split) {
        List<Double> values = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path f : files) {
            RawTable raw = CsvTableReader.read(f, schema);
            SiteTable t = SiteTable.load(f, schema, split.siteTestFraction(), split.splitSeed());
            for (int r : trainRowsOf(t, raw)) {
                for (int c = 0; c < raw.cols(); c++) {
                    values.add(raw.value(r, c));
                }
                labels.add(raw.labels()[r]);
            }
        }
        return new RawTable("pooled", schema.features(), values.stream().mapToDouble(Double::doubleValue).toArray(),
                labels.stream().mapToInt(Integer::intValue).toArray(), schema.classes(), null, List.of(), "pooled");
    }

    /** The training rows of a site table, found again with the same split the table uses. */
    private static int[] trainRowsOf(SiteTable t, RawTable raw) {
        return StratifiedSplit.split(raw.labels(), raw.allRows(), raw.numClasses(), 0.2, 2, 1,
                Seeds.stream(7, SiteTable.OWN_SPLIT_STREAM)).train();
    }

    @Test
    void wdbcFederatedFitIsThePooledFit(@TempDir Path dir) throws IOException {
        RawTable wdbc = WdbcReader.read(DatasetCatalog.defaultDataRoot().resolve("breast_cancer_wisconsin").resolve("wdbc.data"));
        List<String> classes = List.of("B", "M");
        TableSchema schema = new TableSchema(OwnDataFixtures.LABEL, classes, WdbcReader.FEATURES);
        OwnDataSchema split = new OwnDataSchema(schema, 0.2, 7);
        List<String> reversed = new ArrayList<>(WdbcReader.FEATURES);
        Collections.reverse(reversed);
        List<Path> files = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int site = s;
            int[] rows = IntStream.range(0, wdbc.rows()).filter(r -> r % 3 == site).toArray();
            files.add(OwnDataFixtures.writeCsv(dir.resolve("wdbc-" + s + ".csv"), wdbc, rows, s == 1 ? reversed : WdbcReader.FEATURES,
                    classes, ""));
        }
        List<SiteTable> tables = files.stream().map(f -> SiteTable.load(f, schema, 0.2, 7)).toList();
        OwnDataStudy study = new OwnDataStudy(split, 10, 0.5);
        PreprocessingFit fit = PreprocessingFit.fit(study, SITES, overTheWire(tables, 10), Map.of());

        TabularPreprocessor merged = TabularPreprocessor.fit(FeatureStats.merge(tables.stream().map(SiteTable::trainStatistics).toList()),
                WdbcReader.FEATURES, 0.5);
        assertEquals(merged, fit.preprocessing(), "bit for bit the fit on the merged site statistics");
        assertEquals(merged.droppedColumns(), fit.preprocessing().droppedColumns());

        RawTable pooled = pooledTrainRows(files, schema, split);
        TabularPreprocessor central = TabularPreprocessor.fit(FeatureStats.of(pooled, pooled.allRows()), WdbcReader.FEATURES, 0.5);
        TabularPreprocessor federated = fit.preprocessing();
        assertEquals(central.trainRows(), federated.trainRows());
        assertEquals(tables.stream().mapToInt(SiteTable::trainRows).sum(), federated.trainRows());
        assertArrayEquals(central.keptColumns(), federated.keptColumns());
        assertEquals(central.droppedColumns(), federated.droppedColumns());
        double[] cm = central.standardizer().mean();
        double[] fm = federated.standardizer().mean();
        double[] cs = central.standardizer().std();
        double[] fs = federated.standardizer().std();
        for (int j = 0; j < cm.length; j++) {
            // the sums differ only in the order of their additions: a few units in the last place
            assertEquals(cm[j], fm[j], 1e-12 * Math.abs(cm[j]), "mean of " + federated.outputNames().get(j));
            assertEquals(cs[j], fs[j], 1e-10 * cs[j], "std of " + federated.outputNames().get(j));
        }
        LabeledSamples a = central.transform(pooled, pooled.allRows());
        LabeledSamples b = federated.transform(pooled, pooled.allRows());
        for (int i = 0; i < a.features().length; i++) {
            assertEquals(a.features()[i], b.features()[i], 1e-5f);
        }
    }

    @Test
    void integerDataMakesTheFederatedFitBitIdenticalToThePooledFit(@TempDir Path dir) throws IOException {
        // integers keep every sum exact, so the order of the additions cannot matter: the fits must be equal
        TableSchema schema = new TableSchema("y", List.of("no", "yes"), List.of("age", "dose", "mostly_missing", "constant"));
        OwnDataSchema split = new OwnDataSchema(schema, 0.2, 7);
        Random rng = new Random(3);
        List<Path> files = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            StringBuilder b = new StringBuilder("y,constant,mostly_missing,dose,age\n");
            for (int i = 0; i < 60 + 25 * s; i++) {
                b.append(rng.nextInt(3) == 0 ? "yes" : "no").append(",5,").append(rng.nextInt(20) < 9 ? rng.nextInt(50) : "NA")
                        .append(',').append(rng.nextInt(8) == 0 ? "?" : String.valueOf(rng.nextInt(1000) - 300)).append(',')
                        .append(20 + rng.nextInt(70)).append('\n');
            }
            files.add(Files.writeString(dir.resolve("int-" + s + ".csv"), b.toString()));
        }
        List<SiteTable> tables = files.stream().map(f -> SiteTable.load(f, schema, 0.2, 7)).toList();
        PreprocessingFit fit = PreprocessingFit.fit(new OwnDataStudy(split, 10, 0.5), SITES, overTheWire(tables, 10), Map.of());
        RawTable pooled = pooledTrainRows(files, schema, split);
        TabularPreprocessor central = TabularPreprocessor.fit(FeatureStats.of(pooled, pooled.allRows()), schema.features(), 0.5);
        assertEquals(central, fit.preprocessing());
        assertEquals(central.droppedColumns(), fit.preprocessing().droppedColumns());
        assertEquals(List.of("age", "dose", "constant"), fit.preprocessing().outputNames());
        assertTrue(fit.preprocessing().droppedColumns().get(0).startsWith("mostly_missing ("), fit.preprocessing().droppedColumns().toString());
    }

    @Test
    void theStoredFitAndTheSitesSetupComeBackBitForBit(@TempDir Path dir) throws IOException {
        List<Path> files = OwnDataFixtures.heartHospitals(dir);
        TableSchema schema = new TableSchema(OwnDataFixtures.LABEL, OwnDataFixtures.HEART_CLASSES, HeartDiseaseReader.FEATURES);
        OwnDataSchema split = new OwnDataSchema(schema, 0.2, 7);
        List<SiteTable> tables = files.subList(0, 3).stream().map(f -> SiteTable.load(f, schema, 0.2, 7)).toList();
        Map<String, SiteStatistics> answered = overTheWire(tables, 10);
        PreprocessingFit fit = PreprocessingFit.fit(new OwnDataStudy(split, 10, 0.5), List.of("site-1", "site-2", "site-3", "site-4"),
                answered, Map.of("site-4", "site reported: data file x.csv, line 3: ..."));
        // hungary's file has the columns in reverse order: they are read by name
        assertEquals(HeartDiseaseReader.FEATURES, fit.preprocessing().inputNames());
        assertEquals(List.of("site-1", "site-2", "site-3"), fit.sites());
        assertEquals(Map.of("site-4", "site reported: data file x.csv, line 3: ..."), fit.excluded());
        assertTrue(fit.preprocessing().droppedColumns().stream().anyMatch(d -> d.startsWith("ca (")), fit.preprocessing().describe());

        PreprocessingFit back = PreprocessingFit.fromJson(fit.toJson());
        assertEquals(fit.preprocessing(), back.preprocessing());
        assertEquals(fit.preprocessing().droppedColumns(), back.preprocessing().droppedColumns());
        assertEquals(fit.sites(), back.sites());
        assertEquals(fit.siteRows(), back.siteRows());
        assertEquals(fit.excluded(), back.excluded());

        // a site transforms its rows exactly as the coordinator's fitted preprocessing would
        ModelSpec model = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {fit.preprocessing().keptColumns().length}, 2);
        StudySetup wire = StudySetup.parseFrom(PrepProtocol.setup(new OwnDataSetup(split, fit.preprocessing(), model)).toByteArray());
        OwnDataSetup atSite = PrepProtocol.setup(wire);
        assertEquals(model, atSite.model());
        SiteTable hungary = SiteTable.load(files.get(1), schema.withFeatures(atSite.preprocessing().inputNames()), 0.2, 7);
        RawTable raw = CsvTableReader.read(files.get(1), schema.withFeatures(fit.preprocessing().inputNames()));
        assertArrayEquals(fit.preprocessing().transform(raw, trainRowsOf(hungary, raw)).features(),
                hungary.prepare("site-2", atSite.preprocessing()).train().features());
    }

    @Test
    void withoutDeclaredFeaturesASiteWithOtherColumnsIsLeftOut(@TempDir Path dir) throws IOException {
        TableSchema schema = new TableSchema("y", List.of("no", "yes"), List.of());
        StringBuilder same = new StringBuilder("a,b,y\n");
        StringBuilder reordered = new StringBuilder("y,b,a\n");
        StringBuilder other = new StringBuilder("a,c,y\n");
        for (int i = 0; i < 20; i++) {
            String y = i % 2 == 0 ? "no" : "yes";
            same.append(i).append(',').append(2 * i).append(',').append(y).append('\n');
            reordered.append(y).append(',').append(3 * i).append(',').append(i).append('\n');
            other.append(i).append(',').append(i).append(',').append(y).append('\n');
        }
        List<SiteTable> tables = List.of(
                SiteTable.load(Files.writeString(dir.resolve("1.csv"), same.toString()), schema, 0.2, 7),
                SiteTable.load(Files.writeString(dir.resolve("2.csv"), other.toString()), schema, 0.2, 7),
                SiteTable.load(Files.writeString(dir.resolve("3.csv"), reordered.toString()), schema, 0.2, 7));
        PreprocessingFit fit = PreprocessingFit.fit(new OwnDataStudy(new OwnDataSchema(schema, 0.2, 7), 10, 0.5), SITES,
                overTheWire(tables, 10), Map.of());
        assertEquals(List.of("site-1", "site-3"), fit.sites());
        assertEquals("its feature columns differ from the study's; missing: b; not in the study: c (declare study.data.features"
                + " to fix the columns)", fit.excluded().get("site-2"));
        assertEquals(List.of("a", "b"), fit.preprocessing().inputNames());
        FeatureStats s1 = tables.get(0).trainStatistics();
        FeatureStats s3 = tables.get(2).trainStatistics();
        // site-3's columns (b, a) are put in the study's order (a, b) before merging
        assertEquals(s1.sum()[0] + s3.sum()[1], fit.preprocessing().standardizer().mean()[0] * fit.preprocessing().trainRows(), 1e-9);
    }

    @Test
    void whenNoSiteCanContributeEachIsNamedWithItsReasonAndTheFix() {
        TableSchema schema = new TableSchema("y", List.of("no", "yes"), List.of());
        OwnDataStudy study = new OwnDataStudy(new OwnDataSchema(schema, 0.2, 7), 10, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreprocessingFit.fit(study,
                List.of("site-1", "site-2"), Map.of(), Map.of("site-1", "site reported: data file a.csv, line 2, column 1 (id): not a"
                        + " finite number", "site-2", "gave no statistics")));
        assertEquals("no site contributed training statistics, so no preprocessing can be fitted: site site-1: site reported: data"
                + " file a.csv, line 2, column 1 (id): not a finite number; site site-2: gave no statistics (the study declares no"
                + " features, so every column but the label is one: declare study.data.features to leave out ids, dates and other"
                + " text)", e.getMessage());
    }
}
