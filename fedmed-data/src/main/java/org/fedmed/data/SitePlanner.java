package org.fedmed.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedmed.core.random.Seeds;
import org.fedmed.data.partition.Partition;
import org.fedmed.data.partition.PartitionInput;
import org.fedmed.data.partition.Partitioner;
import org.fedmed.data.split.StratifiedSplit;

/**
 * Shared by tabular and image assembly: partitions a training pool among sites, then splits each
 * site's part into its own stratified train and test rows. Works on row indices only, so the
 * raw data is materialized once, after the preprocessing has been fitted.
 */
final class SitePlanner {

    /** Each site needs this many training rows (a gradient step and a loss on held-back data need more than one). */
    static final int MIN_TRAIN = 2;

    /** Random stream ids under the request seed. */
    static final long GLOBAL_SPLIT_STREAM = 1;
    static final long SITE_SPLIT_STREAM = 100;

    /** One site's rows, as indices into the source (table rows or pooled images). */
    record SitePlan(String siteId, int[] train, int[] test) {
        int[] all() {
            int[] a = Arrays.copyOf(train, train.length + test.length);
            System.arraycopy(test, 0, a, train.length, test.length);
            return a;
        }
    }

    private SitePlanner() {
    }

    /**
     * @param pool       source rows in the training pool
     * @param labels     label of every source row
     * @param groups     natural group of every source row, or {@code null}
     */
    static List<SitePlan> plan(Partitioner partitioner, int[] pool, int[] labels, int numClasses, int[] groups,
                               List<String> groupNames, DataRequest request) {
        int[] poolLabels = new int[pool.length];
        int[] poolGroups = groups == null ? null : new int[pool.length];
        for (int i = 0; i < pool.length; i++) {
            poolLabels[i] = labels[pool[i]];
            if (groups != null) {
                poolGroups[i] = groups[pool[i]];
            }
        }
        int minTest = request.siteTestFraction() > 0 ? 1 : 0;
        Partition partition = partitioner.partition(
                new PartitionInput(poolLabels, numClasses, poolGroups, groups == null ? List.of() : groupNames),
                request.sites(), MIN_TRAIN + minTest, request.seed());
        List<SitePlan> plans = new ArrayList<>(partition.sites());
        for (int s = 0; s < partition.sites(); s++) {
            int[] positions = partition.siteRows().get(s);
            int[] rows = new int[positions.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = pool[positions[i]];
            }
            StratifiedSplit.Split split = StratifiedSplit.split(labels, rows, numClasses, request.siteTestFraction(),
                    MIN_TRAIN, minTest, Seeds.stream(request.seed(), SITE_SPLIT_STREAM + s));
            plans.add(new SitePlan(partition.siteIds().get(s), split.train(), split.test()));
        }
        return plans;
    }
}
