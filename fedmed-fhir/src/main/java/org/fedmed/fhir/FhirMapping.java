package org.fedmed.fhir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * How a hospital's FHIR resources become the study's table: one row per Patient, the declared
 * columns, the label from Conditions, and what to do with a missing value. Read from YAML by
 * {@link MappingReader}.
 *
 * @param file          the mapping file, for messages
 * @param referenceDate "now" for the table: ages are computed at this date, Observations and
 *                      Conditions after it are ignored, windows end at it
 * @param features      the columns, in order
 * @param label         the label column
 * @param missing       what happens to a patient's missing cell
 */
public record FhirMapping(Path file, LocalDate referenceDate, List<FeatureRule> features, LabelRule label, MissingPolicy missing) {

    public FhirMapping {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(referenceDate, "referenceDate");
        features = List.copyOf(features);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(missing, "missing");
    }

    /** Reads and checks a mapping file ({@link MappingReader#read(Path)}). */
    public static FhirMapping load(Path file) {
        return MappingReader.read(file);
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureRule::name).toList();
    }
}
