package org.fedmed.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What federated data set to build.
 *
 * @param dataset          a name from {@link DatasetCatalog#names()}
 * @param dataRoot         folder holding the datasets, or {@code null} for {@link DatasetCatalog#defaultDataRoot()}
 * @param sites            number of sites; for {@code natural}, the number of natural groups or 0 (= all of them)
 * @param partition        {@code iid}, {@code dirichlet:<alpha>}, {@code quantity:<beta>} or {@code natural}
 * @param testFraction     share of a tabular dataset held out as the global test set, in (0, 1); default 0.2
 *                         (MedMNIST keeps its official test split instead; natural partitions use the site test sets)
 * @param siteTestFraction share of each site's rows kept as its local test set, in [0, 1); default 0.2
 * @param seed             random seed; the same request gives the same data
 */
public record DataRequest(String dataset, Path dataRoot, int sites, String partition,
                          double testFraction, double siteTestFraction, long seed) {

    public static final double DEFAULT_TEST_FRACTION = 0.2;
    public static final double DEFAULT_SITE_TEST_FRACTION = 0.2;

    public DataRequest {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("no dataset given; available: " + String.join(", ", DatasetCatalog.names()));
        }
        Objects.requireNonNull(partition, "partition");
        if (sites < 0) {
            throw new IllegalArgumentException("number of sites must be at least 1 (or 0 for natural), got " + sites);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        if (!(siteTestFraction >= 0 && siteTestFraction < 1)) {
            throw new IllegalArgumentException("siteTestFraction must be in [0, 1), got " + siteTestFraction);
        }
    }

    /** A request with the default data root and the default test fractions (0.2 and 0.2). */
    public static DataRequest of(String dataset, int sites, String partition, long seed) {
        return new DataRequest(dataset, null, sites, partition, DEFAULT_TEST_FRACTION, DEFAULT_SITE_TEST_FRACTION, seed);
    }

    /** The same request reading from {@code root}. */
    public DataRequest withDataRoot(Path root) {
        return new DataRequest(dataset, root, sites, partition, testFraction, siteTestFraction, seed);
    }
}
