package org.fedmed.data.read;

import java.nio.file.Path;
import java.util.List;

/**
 * UCI Heart Disease, the four {@code processed.*.data} files of one folder, one hospital each.
 * 14 columns without header; {@code ?} marks a missing value. The hospital is kept as the row's
 * natural group, which gives a real (non-IID) federated split.
 *
 * <p>Disguised missing values: {@code chol = 0} (every Swiss row, 49 VA rows) and {@code trestbps = 0}
 * (one VA row) are impossible measurements and are treated as missing.
 */
public final class HeartDiseaseReader {

    public static final List<String> CLASSES = List.of("no disease", "disease");
    public static final List<String> FEATURES = List.of("age", "sex", "cp", "trestbps", "chol", "fbs", "restecg",
            "thalach", "exang", "oldpeak", "slope", "ca", "thal");
    public static final List<String> HOSPITALS = List.of("cleveland", "hungary", "switzerland", "va_long_beach");
    public static final List<String> FILES = List.of("processed.cleveland.data", "processed.hungarian.data",
            "processed.switzerland.data", "processed.va.data");

    private static final int CHOL = 4;
    private static final int TRESTBPS = 3;

    private HeartDiseaseReader() {
    }

    /** Reads all four hospitals from {@code folder}, in the order of {@link #HOSPITALS}. */
    public static RawTable read(Path folder) {
        RowBuffer rows = new RowBuffer(FEATURES.size());
        int[] zeros = new int[2];
        for (int h = 0; h < HOSPITALS.size(); h++) {
            Path file = folder.resolve(FILES.get(h));
            int hospital = h;
            TextRows.forEachLine(file, (line, n) -> {
                String[] f = TextRows.split(line, ',', FEATURES.size() + 1, file, n);
                // num is the angiographic status 0..4; the binary task is disease = num > 0
                int num = TextRows.classCode(f[13], 5, file, n, "column 14 (num)");
                int at = rows.addRow(num > 0 ? 1 : 0, hospital);
                for (int c = 0; c < FEATURES.size(); c++) {
                    String text = f[c].trim();
                    double v = text.equals("?") ? Double.NaN
                            : TextRows.number(text, file, n, "column " + (c + 1) + " (" + FEATURES.get(c) + ")");
                    if ((c == CHOL || c == TRESTBPS) && v == 0) {
                        v = Double.NaN;
                        zeros[c == CHOL ? 0 : 1]++;
                    }
                    rows.set(at + c, v);
                }
            });
        }
        String cleaning = "heart: '?' marked missing; chol = 0 and trestbps = 0 are impossible (disguised missing values)"
                + " -> marked missing (chol: " + zeros[0] + " rows, trestbps: " + zeros[1] + "); label = num > 0";
        return rows.build(folder.toString(), FEATURES, CLASSES, HOSPITALS, cleaning);
    }
}
