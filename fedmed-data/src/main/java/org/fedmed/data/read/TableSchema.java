package org.fedmed.data.read;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a tabular CSV file must contain, as a study declares it so that every hospital's file is read
 * alike: the label column and its values (class {@code i} is {@code classes.get(i)}; for two classes
 * the second is the positive one), and the feature columns in the study's order.
 *
 * @param label    name of the label column
 * @param classes  the label values, at least two, in class-index order
 * @param features feature column names in order; empty = every column except the label, in file order
 * @param image    for an image study (DICOM folders): the input size, modality, view and window; else null
 */
public record TableSchema(String label, List<String> classes, List<String> features, ImageInput image) {

    /** A table of a tabular study (no image input). */
    public TableSchema(String label, List<String> classes, List<String> features) {
        this(label, classes, features, null);
    }

    public TableSchema {
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("the label column name is empty");
        }
        classes = List.copyOf(classes);
        features = List.copyOf(features);
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a label needs at least two classes, got " + classes);
        }
        requireDistinctNonBlank(classes, "class");
        requireDistinctNonBlank(features, "feature");
        if (features.contains(label)) {
            throw new IllegalArgumentException("the label column '" + label + "' is also declared as a feature");
        }
    }

    /** The same table as an image study's, or a tabular one with null. */
    public TableSchema withImage(ImageInput input) {
        return new TableSchema(label, classes, features, input);
    }

    /** Whether the feature columns are declared (otherwise every non-label column is one). */
    public boolean declaresFeatures() {
        return !features.isEmpty();
    }

    /** The same label and classes with the given feature columns. */
    public TableSchema withFeatures(List<String> names) {
        return new TableSchema(label, classes, names, image);
    }

    private static void requireDistinctNonBlank(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("empty " + what + " name in " + names);
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " '" + n + "' is declared twice");
            }
        }
    }
}
