package org.fedmed.data.read;

import java.util.Arrays;
import java.util.List;

/** Growable storage the readers append parsed rows to, then turn into a {@link RawTable}. */
final class RowBuffer {

    private final int cols;
    private double[] values = new double[1024];
    private int[] labels = new int[128];
    private int[] groups = new int[128];
    private int rows;

    RowBuffer(int cols) {
        this.cols = cols;
    }

    /** Starts a new row and returns the offset of its first value in {@link #values}. */
    int addRow(int label, int group) {
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, rows * 2);
            groups = Arrays.copyOf(groups, rows * 2);
        }
        if ((rows + 1) * cols > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * cols));
        }
        labels[rows] = label;
        groups[rows] = group;
        return rows++ * cols;
    }

    void set(int offset, double value) {
        values[offset] = value;
    }

    int rows() {
        return rows;
    }

    RawTable build(String source, List<String> featureNames, List<String> classNames, List<String> groupNames,
                   String cleaning) {
        return new RawTable(source, featureNames, Arrays.copyOf(values, rows * cols), Arrays.copyOf(labels, rows),
                classNames, groupNames.isEmpty() ? null : Arrays.copyOf(groups, rows), groupNames, cleaning);
    }
}
