package org.fedmed.data;

import java.util.Arrays;
import java.util.Objects;
import org.fedmed.core.data.LabeledSamples;

/**
 * One site's preprocessed data.
 *
 * @param siteId       "site-1".. for synthetic partitions, the hospital name for natural ones
 * @param train        the site's training rows
 * @param test         the site's local test rows (may be empty when siteTestFraction is 0)
 * @param completeness share of the site's raw records (train + test) with no missing value, before imputation
 */
public record SiteData(String siteId, LabeledSamples train, LabeledSamples test, double completeness) {

    public SiteData {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!(completeness >= 0 && completeness <= 1)) {
            throw new IllegalArgumentException("completeness must be in [0, 1], got " + completeness);
        }
    }

    /** The same data with each example shaped as {@code shape} (an image study's model input); unchanged when it already is. */
    public SiteData withShape(int[] shape) {
        if (Arrays.equals(shape, train.featureShape())) {
            return this;
        }
        return new SiteData(siteId, train.reshaped(shape), test.reshaped(shape), completeness);
    }
}
