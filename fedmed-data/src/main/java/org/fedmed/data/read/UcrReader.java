package org.fedmed.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;

/**
 * Reads a series file of the UCR Time Series Classification Archive in its {@code .txt} layout: one
 * series per line, whitespace-separated numbers, the first the class label and the rest the
 * (z-normalized) values. Every series of a file must have the same length. The examples come out with
 * feature shape [1, length]: one channel, as a one-dimensional convolution or a recurrent model reads
 * them.
 *
 * <p>Bad input (a label not in {@code labels}, a value that is not a finite number, a line of another
 * length, an empty file) is a {@link DataFormatException} naming the file, the line and the column;
 * nothing is returned.
 */
public final class UcrReader {

    /** ECG200: the file's −1 (myocardial infarction) is the disease class, label 1. */
    public static final Map<Integer, Integer> ECG200_LABELS = Map.of(1, 0, -1, 1);
    public static final List<String> ECG200_CLASSES = List.of("normal", "myocardial infarction");
    /** ECG5000: the file's classes 1..5 in order. */
    public static final Map<Integer, Integer> ECG5000_LABELS = Map.of(1, 0, 2, 1, 3, 2, 4, 3, 5, 4);
    public static final List<String> ECG5000_CLASSES = List.of("normal", "R-on-T PVC", "PVC", "supraventricular or ectopic",
            "unclassified");

    private UcrReader() {
    }

    /**
     * @param labels     the file's label text (as a number, e.g. {@code -1} or {@code 3}) → class index
     * @param classNames the class names, by index
     */
    public static LabeledSamples read(Path file, Map<Integer, Integer> labels, List<String> classNames) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = file.toString();
        List<float[]> rows = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        int length = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (length < 0) {
                length = f.length - 1;
                if (length < 2) {
                    throw new DataFormatException(name, n + 1, null, "a series needs a label and at least 2 values, got "
                            + f.length + " number(s)");
                }
            } else if (f.length - 1 != length) {
                throw new DataFormatException(name, n + 1, null, "series of length " + (f.length - 1) + ", but the file's first"
                        + " series has length " + length);
            }
            double label = number(name, n + 1, "label", f[0]);
            Integer c = label == Math.rint(label) ? labels.get((int) label) : null;
            if (c == null) {
                throw new DataFormatException(name, n + 1, "label", "unknown label; this dataset's labels are " + labels.keySet(),
                        f[0]);
            }
            float[] values = new float[length];
            for (int j = 0; j < length; j++) {
                values[j] = (float) number(name, n + 1, "value " + (j + 1), f[j + 1]);
            }
            rows.add(values);
            classes.add(c);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(name, 0, null, "no series in the file");
        }
        float[] features = new float[rows.size() * length];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * length, length);
        }
        return new LabeledSamples(new int[] {1, length}, features, classes.stream().mapToInt(Integer::intValue).toArray(),
                classNames);
    }

    private static double number(String file, int line, String field, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, field, "not a number", text);
        }
        if (!Double.isFinite(v)) {
            throw new DataFormatException(file, line, field, "not a finite number", text);
        }
        return v;
    }
}
