package org.fedmed.data.partition;

import java.util.List;

/**
 * What a partitioner sees of the training pool: the label of each row and, if the data has them,
 * each row's natural group (hospital).
 *
 * @param labels     class index per row
 * @param numClasses number of classes
 * @param groups     group index per row, or {@code null}
 * @param groupNames group names (empty without groups)
 */
public record PartitionInput(int[] labels, int numClasses, int[] groups, List<String> groupNames) {

    public PartitionInput {
        groupNames = List.copyOf(groupNames);
        if (groups != null && groups.length != labels.length) {
            throw new IllegalArgumentException(groups.length + " groups for " + labels.length + " rows");
        }
    }

    /** Rows without natural groups. */
    public static PartitionInput of(int[] labels, int numClasses) {
        return new PartitionInput(labels, numClasses, null, List.of());
    }

    public int rows() {
        return labels.length;
    }

    public boolean hasGroups() {
        return groups != null;
    }
}
