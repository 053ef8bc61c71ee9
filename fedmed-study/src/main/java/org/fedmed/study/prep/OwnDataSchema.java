package org.fedmed.study.prep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.TableSchema;

/**
 * How every site of an own-data study reads and splits its file: the table schema the study declares
 * and the study's site test fraction and seed (protocol message {@code DataSchema}).
 *
 * @param table            label column, classes, feature columns
 * @param siteTestFraction share of its records a site holds out as its local test set, in (0, 1)
 * @param splitSeed        seed of that stratified split
 * @param ranges           declared feature column → its range (a node under a privacy budget needs one
 *                         per feature to release statistics); in declaration order
 */
public record OwnDataSchema(TableSchema table, double siteTestFraction, long splitSeed, Map<String, FeatureRange> ranges) {

    public OwnDataSchema {
        Objects.requireNonNull(table, "table");
        if (!(siteTestFraction > 0 && siteTestFraction < 1)) {
            throw new IllegalArgumentException("site test fraction must be in (0, 1), got " + siteTestFraction);
        }
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
        for (String name : ranges.keySet()) {
            if (!table.features().contains(name)) {
                throw new IllegalArgumentException("a range is declared for '" + name + "', which is not a declared feature");
            }
        }
    }

    /** A schema without declared ranges. */
    public OwnDataSchema(TableSchema table, double siteTestFraction, long splitSeed) {
        this(table, siteTestFraction, splitSeed, Map.of());
    }

    /**
     * The model input for the columns the preprocessing kept: {@code [1, height, width]} for an image
     * study (every pixel column must be kept), else {@code [kept]}.
     */
    public int[] inputShape(int keptColumns) {
        ImageInput image = table.image();
        if (image == null) {
            return new int[] {keptColumns};
        }
        if (keptColumns != image.pixels()) {
            throw new IllegalArgumentException("an image study needs all " + image.pixels() + " pixel columns of its "
                    + image.height() + "x" + image.width() + " images; the preprocessing kept " + keptColumns);
        }
        return image.shape();
    }
}
