package org.fedmed.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.data.prep.Completeness;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.NoisyFeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.TableSource;
import org.fedmed.data.split.StratifiedSplit;

/**
 * One hospital's own records (a CSV file, or a FHIR folder through its mapping, read under the study's schema), split into its training
 * rows and its local test rows with the study's site test fraction and seed. The node computes the
 * training statistics the federation's preprocessing is fitted on, then applies the fitted
 * preprocessing to both sides; raw rows never leave this object.
 */
public final class SiteTable {

    /** Random stream of a site's own train/test split under the study seed. */
    public static final long OWN_SPLIT_STREAM = 200;

    private final RawTable table;
    private final StratifiedSplit.Split split;

    private SiteTable(RawTable table, StratifiedSplit.Split split) {
        this.table = table;
        this.split = split;
    }

    /**
     * Reads {@code file} and splits it stratified: {@code ceil(rows * testFraction)} test rows (at
     * least one), the rest for training (at least {@link SitePlanner#MIN_TRAIN}).
     *
     * @throws org.fedmed.data.read.DataFormatException for a malformed file
     * @throws IllegalArgumentException                 when the file has too few records to split
     */
    public static SiteTable load(Path file, TableSchema schema, double testFraction, long seed) {
        return load(TableSource.csv(file), schema, testFraction, seed);
    }

    /** As {@link #load(Path, TableSchema, double, long)}, for records from any {@link TableSource}. */
    public static SiteTable load(TableSource source, TableSchema schema, double testFraction, long seed) {
        RawTable t = source.read(schema);
        if (t.rows() < SitePlanner.MIN_TRAIN + 1) {
            throw new IllegalArgumentException(source.name() + " has " + t.rows() + " records; a site needs at least "
                    + (SitePlanner.MIN_TRAIN + 1) + " (training and test)");
        }
        StratifiedSplit.Split s = StratifiedSplit.split(t.labels(), t.allRows(), t.numClasses(), testFraction,
                SitePlanner.MIN_TRAIN, 1, Seeds.stream(seed, OWN_SPLIT_STREAM));
        return new SiteTable(t, s);
    }

    public List<String> featureNames() {
        return table.featureNames();
    }

    public int trainRows() {
        return split.train().length;
    }

    public int testRows() {
        return split.test().length;
    }

    /** Training rows per class. */
    public long[] trainLabelCounts() {
        long[] counts = new long[table.numClasses()];
        for (int r : split.train()) {
            counts[table.labels()[r]]++;
        }
        return counts;
    }

    /** Sufficient statistics of the training rows, in {@link #featureNames()} order. */
    public FeatureStats trainStatistics() {
        return FeatureStats.of(table, split.train());
    }

    /**
     * The training statistics as the site may share them: refused when the site has fewer than
     * {@code minRows} training rows, and a feature observed in fewer than {@code minRows} rows is
     * reported as not observed at all (its sum over one or two patients would be their values).
     */
    public FeatureStats shareableTrainStatistics(int minRows) {
        if (trainRows() < minRows) {
            throw new IllegalArgumentException("this site has " + trainRows() + " training records; the study requires at least "
                    + minRows + " before it shares any aggregate");
        }
        FeatureStats s = trainStatistics();
        long[] observed = s.observed();
        double[] sum = s.sum();
        double[] sumSq = s.sumSq();
        for (int c = 0; c < observed.length; c++) {
            if (observed[c] > 0 && observed[c] < minRows) {
                observed[c] = 0;
                sum[c] = 0;
                sumSq[c] = 0;
            }
        }
        return new FeatureStats(s.rows(), observed, sum, sumSq);
    }

    /**
     * The training statistics as a site under a privacy budget releases them: values clipped to
     * {@code ranges} (one per column, in {@link #featureNames()} order), counts and sums through the
     * Gaussian mechanism of multiplier σ ({@link NoisyFeatureStats}); refused below {@code minRows}
     * training rows (the row count is public).
     */
    public FeatureStats privateTrainStatistics(int minRows, FeatureRange[] ranges, double sigma, GaussianNoise noise) {
        if (trainRows() < minRows) {
            throw new IllegalArgumentException("this site has " + trainRows() + " training records; the study requires at least "
                    + minRows + " before it shares any aggregate");
        }
        return NoisyFeatureStats.release(table, split.train(), ranges, sigma, noise, minRows);
    }

    /** Features observed in fewer than {@code minRows} training rows (but in some): what sharing suppresses. */
    public List<String> suppressedFeatures(int minRows) {
        long[] observed = trainStatistics().observed();
        return IntStream.range(0, observed.length).filter(c -> observed[c] > 0 && observed[c] < minRows)
                .mapToObj(table.featureNames()::get).toList();
    }

    /**
     * The site's train and test sets under the federation's fitted preprocessing, whose input
     * columns must be this table's columns in this order.
     */
    public SiteData prepare(String siteId, TabularPreprocessor prep) {
        if (!prep.inputNames().equals(table.featureNames())) {
            throw new IllegalArgumentException("the preprocessing expects columns " + prep.inputNames() + ", the table has "
                    + table.featureNames());
        }
        return new SiteData(siteId, prep.transform(table, split.train()), prep.transform(table, split.test()),
                Completeness.completeShare(table, table.allRows()));
    }
}
