package org.fedmed.net.prep;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.Standardizer;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.TableSchema;
import org.fedmed.net.Protocol;
import org.fedmed.net.proto.DataSchema;
import org.fedmed.net.proto.Preprocessing;
import org.fedmed.net.proto.StatisticsResult;
import org.fedmed.net.proto.StatisticsTask;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.ValueRange;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.SiteStatistics;

/**
 * Conversions between the own-data records and their protocol messages. Every message read from a
 * peer is checked here, so a malformed one fails with a reason before anything uses it.
 */
public final class PrepProtocol {

    /** Most feature columns a study may have; bounds what a statistics message can make the coordinator hold. */
    public static final int MAX_FEATURES = 10_000;
    private static final int MAX_NAME_CHARS = 200;

    private PrepProtocol() {
    }

    public static DataSchema schema(OwnDataSchema s) {
        DataSchema.Builder b = DataSchema.newBuilder().setLabel(s.table().label()).addAllClasses(s.table().classes())
                .addAllFeatures(s.table().features()).setSiteTestFraction(s.siteTestFraction()).setSplitSeed(s.splitSeed());
        s.ranges().forEach((name, r) -> b.addRanges(ValueRange.newBuilder().setName(name).setMin(r.min())
                .setMax(r.max())));
        ImageInput image = s.table().image();
        if (image != null) {
            b.setImage(org.fedmed.net.proto.ImageInput.newBuilder().setHeight(image.height()).setWidth(image.width())
                    .setModality(image.modality() == null ? "" : image.modality()).setView(image.view() == null ? "" : image.view())
                    .setHasWindow(image.hasWindow()).setWindowCenter(image.hasWindow() ? image.windowCenter() : 0)
                    .setWindowWidth(image.hasWindow() ? image.windowWidth() : 0));
        }
        return b.build();
    }

    public static OwnDataSchema schema(DataSchema d) {
        Map<String, FeatureRange> ranges = new LinkedHashMap<>();
        for (ValueRange r : d.getRangesList()) {
            if (ranges.put(r.getName(), new FeatureRange(r.getMin(), r.getMax())) != null) {
                throw new IllegalArgumentException("two ranges declared for feature '" + r.getName() + "'");
            }
        }
        ImageInput image = null;
        if (d.hasImage()) {
            org.fedmed.net.proto.ImageInput i = d.getImage();
            image = new ImageInput(i.getHeight(), i.getWidth(), i.getModality(), i.getView(),
                    i.getHasWindow() ? i.getWindowCenter() : Double.NaN, i.getHasWindow() ? i.getWindowWidth() : Double.NaN);
        }
        return new OwnDataSchema(new TableSchema(d.getLabel(), d.getClassesList(), d.getFeaturesList(), image),
                d.getSiteTestFraction(), d.getSplitSeed(), ranges);
    }

    public static StatisticsTask statisticsTask(OwnDataStudy study) {
        return StatisticsTask.newBuilder().setSchema(schema(study.schema())).setMinRows(study.minRows()).build();
    }

    public static StatisticsResult statisticsResult(SiteStatistics s) {
        FeatureStats f = s.stats();
        StatisticsResult.Builder b = StatisticsResult.newBuilder().setRows(f.rows()).addAllFeatureNames(s.featureNames());
        for (int c = 0; c < f.features(); c++) {
            b.addObserved(f.observed()[c]).addSum(f.sum()[c]).addSumSq(f.sumSq()[c]);
        }
        return b.build();
    }

    /**
     * A site's statistics, checked: consistent lengths, distinct names, counts within the row count,
     * finite sums, nothing shared for an unobserved feature, and at least {@code minRows} rows.
     */
    public static SiteStatistics siteStatistics(StatisticsResult r, int minRows) {
        int k = r.getFeatureNamesCount();
        if (k == 0 || k > MAX_FEATURES) {
            throw new IllegalArgumentException("statistics of " + k + " features (1.." + MAX_FEATURES + " allowed)");
        }
        if (r.getObservedCount() != k || r.getSumCount() != k || r.getSumSqCount() != k) {
            throw new IllegalArgumentException("statistics with " + k + " names, " + r.getObservedCount() + " counts, "
                    + r.getSumCount() + " sums and " + r.getSumSqCount() + " sums of squares");
        }
        if (r.getRows() < minRows) {
            throw new IllegalArgumentException("statistics of " + r.getRows() + " rows; the study requires at least " + minRows);
        }
        names(r.getFeatureNamesList());
        long[] observed = new long[k];
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        for (int c = 0; c < k; c++) {
            observed[c] = r.getObserved(c);
            sum[c] = r.getSum(c);
            sumSq[c] = r.getSumSq(c);
            if (observed[c] < 0 || observed[c] > r.getRows() || !Double.isFinite(sum[c]) || !Double.isFinite(sumSq[c]) || sumSq[c] < 0) {
                throw new IllegalArgumentException("implausible statistics for feature " + (c + 1) + " (count " + observed[c]
                        + " of " + r.getRows() + " rows, non-finite or negative sums)");
            }
            if (observed[c] > 0 && observed[c] < minRows || observed[c] == 0 && (sum[c] != 0 || sumSq[c] != 0)) {
                throw new IllegalArgumentException("feature " + (c + 1) + " is shared with " + observed[c] + " observed values;"
                        + " fewer than " + minRows + " must be reported as none");
            }
        }
        return new SiteStatistics(r.getFeatureNamesList(), new FeatureStats(r.getRows(), observed, sum, sumSq));
    }

    public static Preprocessing preprocessing(TabularPreprocessor p) {
        Preprocessing.Builder b = Preprocessing.newBuilder().addAllInputNames(p.inputNames());
        for (int c : p.keptColumns()) {
            b.addKeptColumns(c);
        }
        double[] mean = p.standardizer().mean();
        double[] std = p.standardizer().std();
        for (int j = 0; j < mean.length; j++) {
            b.addMean(mean[j]).addStd(std[j]);
        }
        return b.build();
    }

    /**
     * The preprocessing a site applies. Only the parts a site needs travel, so the dropped-column
     * texts and the federation's row count are left empty here.
     */
    public static TabularPreprocessor preprocessing(Preprocessing p) {
        List<String> inputs = p.getInputNamesList();
        names(inputs);
        int k = p.getKeptColumnsCount();
        if (k == 0 || p.getMeanCount() != k || p.getStdCount() != k) {
            throw new IllegalArgumentException("preprocessing with " + k + " kept columns, " + p.getMeanCount() + " means and "
                    + p.getStdCount() + " standard deviations");
        }
        int[] kept = new int[k];
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            kept[j] = p.getKeptColumns(j);
            if (kept[j] >= inputs.size() || j > 0 && kept[j] <= kept[j - 1]) {
                throw new IllegalArgumentException("kept columns must be increasing indices below " + inputs.size());
            }
            mean[j] = p.getMean(j);
            std[j] = p.getStd(j);
        }
        return new TabularPreprocessor(inputs, kept, new Standardizer(mean, std), List.of(),
                TabularPreprocessor.DEFAULT_MAX_MISSING_SHARE, 0);
    }

    public static StudySetup setup(OwnDataSetup s) {
        return StudySetup.newBuilder().setSchema(schema(s.schema())).setPreprocessing(preprocessing(s.preprocessing()))
                .setModel(Protocol.descriptor(s.model())).build();
    }

    public static OwnDataSetup setup(StudySetup s) {
        if (!s.hasSchema() || !s.hasPreprocessing() || !s.hasModel()) {
            throw new IllegalArgumentException("study setup without its schema, preprocessing or model");
        }
        OwnDataSetup setup = new OwnDataSetup(schema(s.getSchema()), preprocessing(s.getPreprocessing()), Protocol.modelSpec(s.getModel()));
        int inputs = setup.preprocessing().keptColumns().length;
        if (!Arrays.equals(setup.model().inputShape(), setup.schema().inputShape(inputs))
                || setup.model().numClasses() != setup.schema().table().classes().size()) {
            throw new IllegalArgumentException("the model " + setup.model() + " does not fit " + inputs + " inputs and "
                    + setup.schema().table().classes().size() + " classes");
        }
        return setup;
    }

    private static void names(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n.isEmpty() || n.length() > MAX_NAME_CHARS || !seen.add(n)) {
                throw new IllegalArgumentException("feature names must be distinct, non-empty and at most " + MAX_NAME_CHARS
                        + " characters");
            }
        }
    }
}
