package org.fedmed.net.prep;

import java.util.Objects;

/**
 * The {@code study.data} section of a coordinator's configuration: each hospital trains on its own
 * CSV file, read under a schema every site shares, preprocessed with statistics merged across sites.
 *
 * @param schema          the table and the sites' train/test split
 * @param minRows         least training rows a site must have before it shares aggregates (at least
 *                        {@link #MIN_ROWS_FLOOR}); a feature observed in fewer rows is not shared
 * @param maxMissingShare a column missing in more than this share of all training rows is dropped
 */
public record OwnDataStudy(OwnDataSchema schema, int minRows, double maxMissingShare) {

    /** Aggregates over fewer rows than this come too close to describing single patients. */
    public static final int MIN_ROWS_FLOOR = 10;

    public OwnDataStudy {
        Objects.requireNonNull(schema, "schema");
        if (minRows < MIN_ROWS_FLOOR) {
            throw new IllegalArgumentException("study.data.min_rows must be at least " + MIN_ROWS_FLOOR
                    + " (aggregates of fewer records come too close to single patients), got " + minRows);
        }
        if (!(maxMissingShare >= 0 && maxMissingShare <= 1)) {
            throw new IllegalArgumentException("study.data.max_missing_share must be in [0, 1], got " + maxMissingShare);
        }
    }
}
