package org.fedmed.net.prep;

import java.util.Objects;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.study.prep.OwnDataSchema;

/**
 * What every site of an own-data study receives once the preprocessing is fitted (protocol message
 * {@code StudySetup}): how to read and split its file, the preprocessing, and the model to build.
 */
public record OwnDataSetup(OwnDataSchema schema, TabularPreprocessor preprocessing, ModelSpec model) {

    public OwnDataSetup {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(model, "model");
    }
}
