package org.fedmed.data.read;

import java.nio.file.Path;
import java.util.List;

/**
 * Pima Indians Diabetes, UCI form {@code pima-indians-diabetes.data}: no header, 8 features and a
 * 0/1 class. A zero glucose, blood pressure, skin thickness, insulin or BMI is physiologically
 * impossible: the data set uses 0 for "not measured", so those zeros become missing values.
 */
public final class PimaReader {

    public static final List<String> CLASSES = List.of("no diabetes", "diabetes");
    public static final List<String> FEATURES = List.of("pregnancies", "glucose", "blood_pressure", "skin_thickness",
            "insulin", "bmi", "diabetes_pedigree", "age");
    /** Columns in which 0 means missing. */
    private static final boolean[] ZERO_IS_MISSING = {false, true, true, true, true, true, false, false};

    private PimaReader() {
    }

    public static RawTable read(Path file) {
        RowBuffer rows = new RowBuffer(FEATURES.size());
        int[] zeros = new int[FEATURES.size()];
        TextRows.forEachLine(file, (line, n) -> {
            String[] f = TextRows.split(line, ',', FEATURES.size() + 1, file, n);
            int label = TextRows.classCode(f[8], 2, file, n, "column 9 (class)");
            int at = rows.addRow(label, 0);
            for (int c = 0; c < FEATURES.size(); c++) {
                double v = TextRows.number(f[c], file, n, "column " + (c + 1) + " (" + FEATURES.get(c) + ")");
                if (ZERO_IS_MISSING[c] && v == 0) {
                    v = Double.NaN;
                    zeros[c]++;
                }
                rows.set(at + c, v);
            }
        });
        StringBuilder cleaning = new StringBuilder("pima: 0 means 'not measured' in");
        for (int c = 0; c < FEATURES.size(); c++) {
            if (ZERO_IS_MISSING[c]) {
                cleaning.append(' ').append(FEATURES.get(c)).append(" (").append(zeros[c]).append("),");
            }
        }
        cleaning.setLength(cleaning.length() - 1);
        cleaning.append(" -> marked missing");
        return rows.build(file.toString(), FEATURES, CLASSES, List.of(), cleaning.toString());
    }
}
