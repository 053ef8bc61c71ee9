package org.fedmed.study.prep;

import java.nio.file.Path;
import org.fedmed.data.SiteData;
import org.fedmed.data.SiteTable;
import org.fedmed.data.prep.TabularPreprocessor;

/**
 * A hospital's side of an own-data study, as any runtime runs it on the hospital's CSV file: its
 * share of the statistics step (the aggregates of its training rows), then its training and test
 * data under the preprocessing fitted on the merged statistics. A simulated hospital runs exactly
 * this; a deployed node does the same steps when the coordinator asks.
 */
public final class OwnDataSite {

    private OwnDataSite() {
    }

    /** What the site shares in the statistics step: its columns and the aggregates of its training rows. */
    public static SiteStatistics statistics(Path file, OwnDataStudy study) {
        OwnDataSchema s = study.schema();
        SiteTable t = SiteTable.load(file, s.table(), s.siteTestFraction(), s.splitSeed());
        return new SiteStatistics(t.featureNames(), t.shareableTrainStatistics(study.minRows()));
    }

    /** The site's training and test data, read in the fitted preprocessing's column order and preprocessed. */
    public static SiteData prepared(String siteId, Path file, OwnDataSchema schema, TabularPreprocessor prep) {
        SiteTable t = SiteTable.load(file, schema.table().withFeatures(prep.inputNames()), schema.siteTestFraction(),
                schema.splitSeed());
        return t.prepare(siteId, prep);
    }
}
