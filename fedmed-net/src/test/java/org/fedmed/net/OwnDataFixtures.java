package org.fedmed.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.data.read.RawTable;

/** Hospitals' own CSV files, written from the bundled datasets the way a hospital's export could look. */
final class OwnDataFixtures {

    static final String LABEL = "diagnosis";
    static final List<String> HEART_CLASSES = List.of("absent", "present");

    private OwnDataFixtures() {
    }

    /**
     * Writes {@code rows} of {@code table} as CSV: a {@code patient} id column first, then the
     * features in {@code order}, then the label as {@code classes.get(label)}; a missing value is
     * written as {@code missing}.
     */
    static Path writeCsv(Path file, RawTable table, int[] rows, List<String> order, List<String> classes, String missing) {
        StringBuilder b = new StringBuilder("patient,").append(String.join(",", order)).append(',').append(LABEL).append('\n');
        int[] cols = order.stream().mapToInt(table::column).toArray();
        for (int r : rows) {
            b.append("p-").append(r);
            for (int c : cols) {
                double v = table.value(r, c);
                b.append(',').append(Double.isNaN(v) ? missing : Double.toString(v));
            }
            b.append(',').append(classes.get(table.labels()[r])).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The four UCI heart hospitals as four files (cleveland, hungary, switzerland, va_long_beach), each
     * with its own missing-value marker, hungary's columns in reverse order.
     */
    static List<Path> heartHospitals(Path dir) {
        RawTable heart = HeartDiseaseReader.read(DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci"));
        String[] markers = {"", "NA", "?", ""};
        List<Path> files = new ArrayList<>();
        for (int h = 0; h < HeartDiseaseReader.HOSPITALS.size(); h++) {
            List<String> order = new ArrayList<>(heart.featureNames());
            if (h == 1) {
                Collections.reverse(order);
            }
            files.add(writeCsv(dir.resolve(HeartDiseaseReader.HOSPITALS.get(h) + ".csv"), heart, heart.rowsOfGroup(h), order,
                    HEART_CLASSES, markers[h]));
        }
        return files;
    }
}
