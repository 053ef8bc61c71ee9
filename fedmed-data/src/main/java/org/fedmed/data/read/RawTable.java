package org.fedmed.data.read;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A tabular dataset as read from disk, before any preprocessing: one row per record, features as
 * doubles with {@code NaN} marking a missing value, an integer label per row and, where the data
 * has one, a natural group per row (the hospital it came from).
 *
 * <p>The arrays are shared, not copied (the tables are large and read-only by convention).
 *
 * @param source       where the rows came from (a file or folder), for messages
 * @param featureNames one name per column
 * @param values       {@code rows() * cols()} values, row-major; {@code NaN} = missing
 * @param labels       class index per row
 * @param classNames   class names, index = label
 * @param groups       natural group index per row, or {@code null} if the data has no natural groups
 * @param groupNames   group names, index = group (empty without groups)
 * @param cleaning     what the reader marked as missing and why, for the preprocessing description
 */
public record RawTable(String source, List<String> featureNames, double[] values, int[] labels,
                       List<String> classNames, int[] groups, List<String> groupNames, String cleaning) {

    public RawTable {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        groupNames = List.copyOf(groupNames);
        Objects.requireNonNull(cleaning, "cleaning");
        if ((long) labels.length * featureNames.size() != values.length) {
            throw new IllegalArgumentException(labels.length + " rows x " + featureNames.size() + " columns need "
                    + (long) labels.length * featureNames.size() + " values, got " + values.length);
        }
        if ((groups == null) != groupNames.isEmpty() || (groups != null && groups.length != labels.length)) {
            throw new IllegalArgumentException("groups must be given for every row together with their names, or not at all");
        }
    }

    public int rows() {
        return labels.length;
    }

    public int cols() {
        return featureNames.size();
    }

    public double value(int row, int col) {
        return values[row * cols() + col];
    }

    public boolean hasGroups() {
        return groups != null;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Rows per class. */
    public int[] labelCounts() {
        int[] counts = new int[numClasses()];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** Column index of a feature name; fails with the available names. */
    public int column(String name) {
        int c = featureNames.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + source + "; columns: " + featureNames);
        }
        return c;
    }

    /** Missing values in one column among the given rows. */
    public int missingCount(int col, int[] rowIndices) {
        int missing = 0;
        for (int r : rowIndices) {
            if (Double.isNaN(value(r, col))) {
                missing++;
            }
        }
        return missing;
    }

    /** Whether the row has a value in every column. */
    public boolean isComplete(int row) {
        int base = row * cols();
        for (int c = 0; c < cols(); c++) {
            if (Double.isNaN(values[base + c])) {
                return false;
            }
        }
        return true;
    }

    /** Indices of the rows of one natural group, in file order. */
    public int[] rowsOfGroup(int group) {
        if (groups == null) {
            throw new IllegalStateException(source + " has no natural groups");
        }
        return IntStream.range(0, rows()).filter(r -> groups[r] == group).toArray();
    }

    /** 0, 1, ..., rows() - 1. */
    public int[] allRows() {
        return IntStream.range(0, rows()).toArray();
    }

    @Override
    public String toString() {
        return "RawTable[" + source + ": " + rows() + " x " + cols() + ", classes=" + classNames
                + " " + Arrays.toString(labelCounts()) + (hasGroups() ? ", groups=" + groupNames : "") + "]";
    }
}
