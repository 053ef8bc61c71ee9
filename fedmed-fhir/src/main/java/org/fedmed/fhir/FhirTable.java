package org.fedmed.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;

/**
 * A FHIR folder through its mapping: one row per Patient, the mapping's columns (NaN = no value) and
 * whether the patient has the label's Condition. {@link #toRaw(TableSchema)} gives the study's table.
 *
 * @param source   the folder, for messages
 * @param values   rows x mapping features, row-major
 * @param positive 1 when the patient has the label's Condition, else 0
 * @param records  what was read (counts for the description)
 */
public record FhirTable(String source, FhirMapping mapping, double[] values, int[] positive, FhirRecords records) {

    public int patients() {
        return positive.length;
    }

    /**
     * The table under the study's schema: its label must be the mapping's label and its classes
     * include the mapping's two; its features (all of the mapping's when it declares none) are chosen
     * by name, then the mapping's missing-value policy is applied to those columns.
     *
     * @throws DataFormatException naming the mapping file when the study asks for what the mapping lacks
     */
    public RawTable toRaw(TableSchema schema) {
        String mappingFile = mapping.file().toString();
        LabelRule label = mapping.label();
        if (!schema.label().equals(label.name())) {
            throw new DataFormatException(mappingFile, 0, "label.name", "the study's label is '" + schema.label()
                    + "' but the mapping's is '" + label.name() + "'", null);
        }
        int[] classOf = new int[2];
        for (int k = 0; k < 2; k++) {
            classOf[k] = schema.classes().indexOf(label.classes().get(k));
            if (classOf[k] < 0) {
                throw new DataFormatException(mappingFile, 0, "label.classes", "class '" + label.classes().get(k)
                        + "' is not one of the study's classes " + schema.classes(), null);
            }
        }
        List<String> all = mapping.featureNames();
        List<String> names = schema.declaresFeatures() ? schema.features() : all;
        List<String> lacking = names.stream().filter(n -> !all.contains(n)).toList();
        if (!lacking.isEmpty()) {
            throw new DataFormatException(mappingFile, 0, "features", "the study's feature" + (lacking.size() == 1 ? " " : "s ")
                    + String.join(", ", lacking) + (lacking.size() == 1 ? " is" : " are") + " not in the mapping", null);
        }
        int[] at = names.stream().mapToInt(all::indexOf).toArray();
        int cols = at.length;
        int width = all.size();
        double[] picked = new double[patients() * cols];
        for (int r = 0; r < patients(); r++) {
            for (int c = 0; c < cols; c++) {
                picked[r * cols + c] = values[r * width + at[c]];
            }
        }
        Filled f = fill(picked, cols);
        int[] labels = new int[f.rows.size()];
        double[] kept = new double[f.rows.size() * cols];
        for (int i = 0; i < labels.length; i++) {
            int r = f.rows.get(i);
            labels[i] = classOf[positive[r]];
            System.arraycopy(picked, r * cols, kept, i * cols, cols);
        }
        if (labels.length == 0) {
            throw new DataFormatException(source, 0, null, "no patient row left (" + patients() + " Patients read, "
                    + (patients() - labels.length) + " dropped for a missing value)", null);
        }
        return new RawTable(source, names, kept, labels, schema.classes(), null, List.of(), cleaning(labels.length, f.dropped));
    }

    private record Filled(List<Integer> rows, int dropped) {
    }

    /** Applies the missing-value policy in place; the rows that stay. */
    private Filled fill(double[] v, int cols) {
        int rows = patients();
        List<Integer> keep = new ArrayList<>();
        double[] mean = new double[cols];
        if (mapping.missing() == MissingPolicy.MEAN) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                int n = 0;
                for (int r = 0; r < rows; r++) {
                    if (!Double.isNaN(v[r * cols + c])) {
                        sum += v[r * cols + c];
                        n++;
                    }
                }
                mean[c] = n == 0 ? Double.NaN : sum / n;
            }
        }
        for (int r = 0; r < rows; r++) {
            boolean complete = true;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (Double.isNaN(v[i])) {
                    if (mapping.missing() == MissingPolicy.ZERO) {
                        v[i] = 0;
                    } else if (mapping.missing() == MissingPolicy.MEAN) {
                        v[i] = mean[c];
                    } else {
                        complete = false;
                    }
                }
            }
            if (complete || mapping.missing() != MissingPolicy.DROP_ROW) {
                keep.add(r);
            }
        }
        return new Filled(keep, rows - keep.size());
    }

    private String cleaning(int rows, int dropped) {
        return String.format(Locale.ROOT, "fhir: %d Patients from %d files (%d resources), mapping %s at reference date %s;"
                        + " missing values: %s%s; %d rows, label '%s' from Conditions", patients(), records.files(),
                records.resources(), mapping.file().getFileName(), mapping.referenceDate(), mapping.missing().key(),
                dropped > 0 ? " (" + dropped + " rows dropped)" : "", rows, mapping.label().name());
    }
}
