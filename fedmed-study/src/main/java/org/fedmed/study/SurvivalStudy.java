package org.fedmed.study;

import java.util.List;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.data.DatasetCatalog;

/**
 * What a survival study (a Cox model on events with follow-up times, judged by the C-index) cannot
 * have, refused in one line before anything trains: settings made for classifiers (accuracy-scored
 * weighting, an operating threshold, class balancing, label attacks) and DP-SGD, which the Cox
 * partial likelihood does not allow (it couples the examples of a batch: no per-example gradient).
 */
public final class SurvivalStudy {

    /** Attacks that act on labels or classes: a survival outcome has neither a class to flip nor one to target. */
    private static final List<String> CLASS_ATTACKS = List.of("label_flip", "backdoor");

    private SurvivalStudy() {
    }

    /**
     * Refuses a classification-only command on survival data, in one line before it trains.
     *
     * @param command the command, e.g. {@code fedmed audit membership}
     * @param reads   what it reads from the model, e.g. {@code class probabilities}
     */
    public static void refuseSurvival(String command, String reads, StudySpec spec) {
        if (DatasetCatalog.isSurvival(spec.dataset())) {
            throw new IllegalArgumentException(command + " reads " + reads + ", but dataset '" + spec.dataset()
                    + "' is survival data (a Cox model's risk score, judged by the C-index): not supported");
        }
    }

    /** @throws IllegalArgumentException naming the first setting that does not fit a survival study or a Cox model */
    public static void check(StudySpec spec) {
        boolean survivalData = DatasetCatalog.isSurvival(spec.dataset());
        boolean cox = spec.architecture() == ModelArchitecture.COX;
        if (spec.ownData() != null) {
            if (cox) {
                throw new IllegalArgumentException("model cox needs survival data (event and time per patient); a study on the"
                        + " hospitals' own files is a classification task");
            }
            return;
        }
        if (!survivalData && !cox) {
            return;
        }
        if (!survivalData) {
            throw new IllegalArgumentException("model cox needs survival data (event and follow-up time per patient); dataset '"
                    + spec.dataset() + "' is a classification task; survival datasets: tcga-brca");
        }
        String name = "dataset '" + spec.dataset() + "' is survival data (C-index, not accuracy)";
        if (!cox) {
            throw new IllegalArgumentException(name + ": it needs --model cox (its default), not " + spec.architecture().id());
        }
        if (spec.sampleDp() != null) {
            throw new IllegalArgumentException(name + ": DP-SGD (--dp-level sample) cannot train the Cox model, whose partial"
                    + " likelihood couples the patients of a batch (no per-example gradient to clip); use client-level DP"
                    + " (--dp-level client)");
        }
        if (spec.targetSensitivity() != null) {
            throw new IllegalArgumentException(name + ": --target-sensitivity chooses a classification threshold and does not"
                    + " apply to a risk score");
        }
        if (spec.weighting() == AggregationWeighting.VALIDATION_SCORE) {
            throw new IllegalArgumentException(name + ": --weighting validation scores updates by validation accuracy, which a"
                    + " Cox model does not have; use samples or quality");
        }
        if (spec.training().balanceClasses()) {
            throw new IllegalArgumentException(name + ": --balance-classes weights classes, but events and censoring are not"
                    + " classes to balance (the Cox loss already uses both)");
        }
        if (spec.attack() != null && CLASS_ATTACKS.contains(spec.attack().name())) {
            throw new IllegalArgumentException(name + ": attack " + spec.attack().name() + " acts on class labels, which a survival"
                    + " outcome does not have; model-poisoning attacks (sign_flip, scale, gaussian, ...) apply");
        }
    }
}
