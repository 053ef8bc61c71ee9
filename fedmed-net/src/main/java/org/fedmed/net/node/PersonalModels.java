package org.fedmed.net.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.model.SavedModel;

/**
 * Where a node keeps its personal models: one folder per approved study in its kit,
 * {@code personal-model-<digest16>/}, in the saved-model format every run writes (model.json and
 * weights.bin, owner-only), so the hospital can use it or start a later study from it.
 */
final class PersonalModels {

    static final String PREFIX = "personal-model-";

    private final Path dir;

    PersonalModels(Path dir) {
        this.dir = dir;
    }

    /**
     * Saves {@code p} (of model {@code spec}); the input is described by the own-data setup, or by the demo split.
     *
     * @return the folder it was written to
     */
    Path save(Optional<StudyDigest> study, ModelSpec spec, PersonalModel p, OwnDataSetup setup, DemoAssignment demo) {
        Path folder = dir.resolve(PREFIX + study.map(StudyDigest::shortForm).orElse("unapproved"));
        List<String> features = setup == null ? List.of() : setup.preprocessing().outputNames();
        String dataset = setup != null ? "own data" : demo != null ? demo.split().dataset() : "unknown";
        String preprocessing = setup != null ? setup.preprocessing().describe()
                : "as the bundled " + dataset + " demo split prepares it (see fedmed datasets)";
        new SavedModel(spec, p.classes(), dataset, features, "personal model of site " + p.siteId() + ", fine-tuned on its own"
                + " training data from the federation's final model; input: " + preprocessing, p.weights()).write(folder);
        return folder;
    }
}
