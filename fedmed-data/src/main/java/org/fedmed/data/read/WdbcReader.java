package org.fedmed.data.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Breast Cancer Wisconsin (Diagnostic), UCI form {@code wdbc.data}: no header, 32 columns
 * (id, diagnosis M/B, 30 real features). The id is dropped; malignant is class 1, the positive class.
 */
public final class WdbcReader {

    public static final List<String> CLASSES = List.of("benign", "malignant");
    public static final List<String> FEATURES = featureNames();
    private static final int COLUMNS = 32;

    private WdbcReader() {
    }

    public static RawTable read(Path file) {
        RowBuffer rows = new RowBuffer(FEATURES.size());
        TextRows.forEachLine(file, (line, n) -> {
            String[] f = TextRows.split(line, ',', COLUMNS, file, n);
            int label = switch (f[1].trim()) {
                case "B" -> 0;
                case "M" -> 1;
                default -> throw new DataFormatException(file.toString(), n, "column 2 (diagnosis)",
                        "diagnosis '" + f[1].trim() + "' is not M or B");
            };
            int at = rows.addRow(label, 0);
            for (int c = 0; c < FEATURES.size(); c++) {
                rows.set(at + c, TextRows.number(f[c + 2], file, n, "column " + (c + 3) + " (" + FEATURES.get(c) + ")"));
            }
        });
        return rows.build(file.toString(), FEATURES, CLASSES, List.of(), "wdbc: no missing values; id column dropped");
    }

    /** The 10 nucleus measurements, each as mean, standard error and worst value, in file order. */
    private static List<String> featureNames() {
        String[] measures = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                "concave_points", "symmetry", "fractal_dimension"};
        List<String> names = new ArrayList<>();
        for (String stat : new String[] {"mean", "se", "worst"}) {
            for (String m : measures) {
                names.add(m + "_" + stat);
            }
        }
        return List.copyOf(names);
    }
}
