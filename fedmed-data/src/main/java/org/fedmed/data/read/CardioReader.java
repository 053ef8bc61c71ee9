package org.fedmed.data.read;

import java.nio.file.Path;
import java.util.List;

/**
 * Kaggle Cardiovascular Disease dataset, {@code cardio_train.csv}: {@code ;}-separated with a header,
 * 13 columns. The id is dropped, age is converted from days to years and BMI is added.
 *
 * <p>The file holds real data-entry errors (systolic pressure 16,020, height 55 cm). Implausible
 * values are marked missing rather than dropping rows, so that imputation handles them like any
 * other gap. Policy, applied in this order:
 * <ul>
 *   <li>ap_hi outside [60, 250] mmHg, ap_lo outside [30, 200] mmHg: that value missing;</li>
 *   <li>if both are still present and ap_lo &gt; ap_hi, both are missing (we cannot tell which is wrong);</li>
 *   <li>height outside [120, 220] cm, weight outside [30, 200] kg: that value missing;</li>
 *   <li>BMI = weight / (height in m)^2, missing when height or weight is.</li>
 * </ul>
 */
public final class CardioReader {

    public static final List<String> CLASSES = List.of("healthy", "cardiovascular disease");
    public static final List<String> FEATURES = List.of("age_years", "gender", "height", "weight", "ap_hi", "ap_lo",
            "cholesterol", "gluc", "smoke", "alco", "active", "bmi");
    static final String HEADER = "id;age;gender;height;weight;ap_hi;ap_lo;cholesterol;gluc;smoke;alco;active;cardio";
    private static final String[] COLUMNS = HEADER.split(";");
    private static final double DAYS_PER_YEAR = 365.25;

    private CardioReader() {
    }

    public static RawTable read(Path file) {
        RowBuffer rows = new RowBuffer(FEATURES.size());
        // apHi, apLo, swapped, height, weight
        int[] marked = new int[5];
        TextRows.forEachLine(file, (line, n) -> {
            if (n == 1) {
                checkHeader(line, file);
                return;
            }
            String[] f = TextRows.split(line, ';', COLUMNS.length, file, n);
            int label = TextRows.classCode(f[12], 2, file, n, "column 13 (cardio)");
            double[] raw = new double[11];
            for (int c = 1; c <= 11; c++) {
                raw[c - 1] = TextRows.number(f[c], file, n, "column " + (c + 1) + " (" + COLUMNS[c] + ")");
            }
            double apHi = outside(raw[4], 60, 250, marked, 0);
            double apLo = outside(raw[5], 30, 200, marked, 1);
            if (apLo > apHi) { // false when either is NaN
                apHi = Double.NaN;
                apLo = Double.NaN;
                marked[2]++;
            }
            double height = outside(raw[2], 120, 220, marked, 3);
            double weight = outside(raw[3], 30, 200, marked, 4);
            int at = rows.addRow(label, 0);
            rows.set(at, raw[0] / DAYS_PER_YEAR);
            rows.set(at + 1, raw[1]);
            rows.set(at + 2, height);
            rows.set(at + 3, weight);
            rows.set(at + 4, apHi);
            rows.set(at + 5, apLo);
            for (int c = 6; c <= 10; c++) {
                rows.set(at + c, raw[c]);
            }
            rows.set(at + 11, weight / (height / 100 * (height / 100)));
        });
        String cleaning = String.format("cardio: id dropped, age in days -> years, bmi added; implausible values marked"
                + " missing: ap_hi outside [60,250] (%d), ap_lo outside [30,200] (%d), ap_lo > ap_hi with both in range (%d rows, both values),"
                + " height outside [120,220] cm (%d), weight outside [30,200] kg (%d)",
                marked[0], marked[1], marked[2], marked[3], marked[4]);
        return rows.build(file.toString(), FEATURES, CLASSES, List.of(), cleaning);
    }

    private static double outside(double v, double lo, double hi, int[] marked, int counter) {
        if (v < lo || v > hi) {
            marked[counter]++;
            return Double.NaN;
        }
        return v;
    }

    private static void checkHeader(String line, Path file) {
        String[] names = line.split(";", -1);
        if (names.length != COLUMNS.length) {
            throw new DataFormatException(file.toString(), 1, "header",
                    "expected " + COLUMNS.length + " columns (" + HEADER + "), found " + names.length);
        }
        for (int c = 0; c < names.length; c++) {
            if (!names[c].trim().equals(COLUMNS[c])) {
                throw new DataFormatException(file.toString(), 1, "header column " + (c + 1),
                        "expected '" + COLUMNS[c] + "', found '" + names[c].trim() + "'");
            }
        }
    }
}
