package org.fedmed.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedmed.core.data.LabeledSamples;

/**
 * A dataset prepared for a federated simulation: per-site train/test sets and a global test set,
 * all preprocessed with one policy fitted on the sites' training data only.
 *
 * @param dataset       catalog name
 * @param sites         the sites, in order
 * @param globalTest    held-out test set for the global model
 * @param featureNames  names of the features after preprocessing (tabular); empty for images
 * @param preprocessing the preprocessing policy in words, with what it did to this data
 */
public record FederatedData(String dataset, List<SiteData> sites, LabeledSamples globalTest,
                            List<String> featureNames, String preprocessing) {

    public FederatedData {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(globalTest, "globalTest");
        Objects.requireNonNull(preprocessing, "preprocessing");
        sites = List.copyOf(sites);
        featureNames = List.copyOf(featureNames);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a federated data set needs at least one site");
        }
    }

    /** All sites' training sets concatenated in site order (the centralized baseline's data). */
    public LabeledSamples pooledTrain() {
        List<LabeledSamples> parts = new ArrayList<>(sites.size());
        for (SiteData s : sites) {
            parts.add(s.train());
        }
        return LabeledSamples.concat(parts);
    }

    public List<String> classNames() {
        return globalTest.classNames();
    }

    public int numClasses() {
        return globalTest.numClasses();
    }

    /** Shape of one example, e.g. [30] or [1, 28, 28]. */
    public int[] featureShape() {
        return globalTest.featureShape();
    }

    public List<String> siteIds() {
        return sites.stream().map(SiteData::siteId).toList();
    }
}
