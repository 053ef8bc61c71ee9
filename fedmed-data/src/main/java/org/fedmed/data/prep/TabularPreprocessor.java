package org.fedmed.data.prep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.read.RawTable;

/**
 * The tabular preprocessing policy, fitted on training statistics only and then applied unchanged
 * to every set (site train, site test, global test):
 * <ol>
 *   <li>drop a column when more than {@code maxMissingShare} of the training rows lack it (imputing
 *       most of a column would invent data);</li>
 *   <li>impute each remaining missing value with the training mean of its column; the mean, unlike
 *       the median, follows exactly from merged per-site sums, so the federated fit is identical;</li>
 *   <li>standardize each column to z-scores with the training mean and population std of its
 *       observed values (so an imputed value becomes exactly 0).</li>
 * </ol>
 *
 * @param inputNames      names of the raw columns
 * @param keptColumns     raw column indices kept, in order
 * @param standardizer    mean/std of each kept column
 * @param droppedColumns  "name (share missing)" of each dropped column
 * @param maxMissingShare drop threshold
 * @param trainRows       training rows the statistics came from
 */
public record TabularPreprocessor(List<String> inputNames, int[] keptColumns, Standardizer standardizer,
                                  List<String> droppedColumns, double maxMissingShare, long trainRows) {

    public static final double DEFAULT_MAX_MISSING_SHARE = 0.5;

    public TabularPreprocessor {
        inputNames = List.copyOf(inputNames);
        droppedColumns = List.copyOf(droppedColumns);
        keptColumns = keptColumns.clone();
        if (keptColumns.length != standardizer.features()) {
            throw new IllegalArgumentException("one standardizer entry per kept column needed");
        }
    }

    /** Fits the policy on (merged) training statistics. */
    public static TabularPreprocessor fit(FeatureStats train, List<String> names, double maxMissingShare) {
        if (!(maxMissingShare >= 0 && maxMissingShare <= 1)) {
            throw new IllegalArgumentException("maxMissingShare must be in [0, 1], got " + maxMissingShare);
        }
        if (names.size() != train.features()) {
            throw new IllegalArgumentException(names.size() + " names for " + train.features() + " features");
        }
        List<Integer> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int c = 0; c < train.features(); c++) {
            double share = train.missingShare(c);
            // a column with no observed value cannot be imputed whatever the threshold
            if (share > maxMissingShare || train.observed()[c] == 0) {
                dropped.add(String.format(Locale.ROOT, "%s (%.1f%% missing)", names.get(c), 100 * share));
            } else {
                kept.add(c);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("every column has more than " + maxMissingShare
                    + " missing values in the training data; nothing left to learn from: " + dropped);
        }
        int[] keep = kept.stream().mapToInt(Integer::intValue).toArray();
        return new TabularPreprocessor(names, keep, Standardizer.fit(train, keep), dropped, maxMissingShare, train.rows());
    }

    /** The given rows of a raw table, preprocessed; shape [kept columns], no NaN. */
    public LabeledSamples transform(RawTable table, int[] rows) {
        if (table.cols() != inputNames.size()) {
            throw new IllegalArgumentException("fitted on " + inputNames.size() + " columns, table has " + table.cols());
        }
        int k = keptColumns.length;
        float[] out = new float[rows.length * k];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = (float) standardizer.apply(j, table.value(rows[i], keptColumns[j]));
            }
            labels[i] = table.labels()[rows[i]];
        }
        return new LabeledSamples(new int[] {k}, out, labels, table.classNames());
    }

    /** Names of the output features, in order. */
    public List<String> outputNames() {
        return Arrays.stream(keptColumns).mapToObj(inputNames::get).toList();
    }

    /** The policy in words, with what was actually dropped. */
    public String describe() {
        return String.format(Locale.ROOT,
                "columns with more than %.0f%% missing values in the training data dropped: %s; "
                        + "remaining missing values imputed with the training mean of the column; "
                        + "z-score standardization with the training mean and population std of observed values "
                        + "(constant columns divided by 1); fitted on %d training rows (the union of all sites' train sets, "
                        + "computable from merged per-site count/sum/sum-of-squares); %d features: %s",
                100 * maxMissingShare, droppedColumns.isEmpty() ? "none" : String.join(", ", droppedColumns),
                trainRows, keptColumns.length, String.join(", ", outputNames()));
    }

    @Override
    public int[] keptColumns() {
        return keptColumns.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularPreprocessor p && inputNames.equals(p.inputNames) && Arrays.equals(keptColumns, p.keptColumns)
                && standardizer.equals(p.standardizer) && maxMissingShare == p.maxMissingShare && trainRows == p.trainRows;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keptColumns) * 31 + standardizer.hashCode();
    }

    @Override
    public String toString() {
        return "TabularPreprocessor[" + describe() + "]";
    }
}
