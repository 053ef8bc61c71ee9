package org.fedmed.study.prep;

import java.util.Objects;
import org.fedmed.data.read.TableSchema;

/**
 * How every site of an own-data study reads and splits its file: the table schema the study declares
 * and the study's site test fraction and seed (protocol message {@code DataSchema}).
 *
 * @param table            label column, classes, feature columns
 * @param siteTestFraction share of its records a site holds out as its local test set, in (0, 1)
 * @param splitSeed        seed of that stratified split
 */
public record OwnDataSchema(TableSchema table, double siteTestFraction, long splitSeed) {

    public OwnDataSchema {
        Objects.requireNonNull(table, "table");
        if (!(siteTestFraction > 0 && siteTestFraction < 1)) {
            throw new IllegalArgumentException("site test fraction must be in (0, 1), got " + siteTestFraction);
        }
    }
}
