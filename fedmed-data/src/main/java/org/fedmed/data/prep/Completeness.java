package org.fedmed.data.prep;

import org.fedmed.data.read.RawTable;

/**
 * Data-quality score of a site: the share of its records with no missing value in any raw column,
 * measured before imputation (afterwards every record looks complete).
 */
public final class Completeness {

    private Completeness() {
    }

    /** Share of {@code rows} that are complete; 1.0 for no rows. */
    public static double completeShare(RawTable table, int[] rows) {
        if (rows.length == 0) {
            return 1.0;
        }
        int complete = 0;
        for (int r : rows) {
            if (table.isComplete(r)) {
                complete++;
            }
        }
        return (double) complete / rows.length;
    }
}
