package org.fedmed.fhir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a FHIR table does with a patient who has no value for a feature (no Observation of the code
 * in the window, no birth date): applied after the study's columns are chosen.
 */
public enum MissingPolicy {
    /** Leave the cell missing: the federation imputes it with the mean over every site's training rows. */
    KEEP,
    /** Leave out every patient with a missing cell. */
    DROP_ROW,
    /** Write 0 ("not measured" as a value of its own: sensible for counts, rarely for measurements). */
    ZERO,
    /** Write this site's own mean of the column (over all its patients; the federated mean is KEEP's). */
    MEAN;

    static MissingPolicy named(String name) {
        for (MissingPolicy p : values()) {
            if (p.key().equals(name)) {
                return p;
            }
        }
        return null;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(MissingPolicy::key).toList();
    }
}
