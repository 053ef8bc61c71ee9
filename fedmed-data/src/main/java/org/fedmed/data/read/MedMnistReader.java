package org.fedmed.data.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A MedMNIST v2 2D {@code .npz} file (a zip of {@code .npy} arrays): {@code {train,val,test}_images}
 * uint8 (N, H, W) and {@code {train,val,test}_labels} uint8 (N, 1). The official splits are kept.
 */
public final class MedMnistReader {

    /** PneumoniaMNIST: 0 = normal, 1 = pneumonia. */
    public static final List<String> PNEUMONIA_CLASSES = List.of("normal", "pneumonia");
    /**
     * BreastMNIST as FedMed codes it: 0 = normal + benign, 1 = malignant, so that label 1 is the
     * disease class as in every other dataset. MedMNIST's files code it the other way round
     * (0 = malignant); {@link #read} reverses them when asked.
     */
    public static final List<String> BREAST_CLASSES = List.of("normal/benign", "malignant");

    private static final List<String> SPLITS = List.of("train", "val", "test");

    /** The three official splits. */
    public record Splits(ImageSet train, ImageSet val, ImageSet test) {
    }

    private MedMnistReader() {
    }

    public static Splits read(Path npz, List<String> classNames) {
        return read(npz, classNames, false);
    }

    /**
     * The three official splits; with {@code reversed} the file's label c becomes k − 1 − c (BreastMNIST,
     * whose files put the disease class first).
     */
    public static Splits read(Path npz, List<String> classNames, boolean reversed) {
        TextRows.requireFile(npz);
        Map<String, NpyArray> arrays = new HashMap<>();
        try (InputStream raw = Files.newInputStream(npz);
             ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.endsWith(".npy")) {
                    arrays.put(name.substring(0, name.length() - 4), NpyReader.parse(zip.readAllBytes(), npz + "!" + name));
                }
            }
        } catch (ZipException e) {
            throw new DataFormatException(npz.toString(), 0, null, "not a valid .npz (zip) file: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + npz.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (arrays.isEmpty()) {
            throw new DataFormatException(npz.toString(), 0, null, "no .npy entries (is this an .npz file?)");
        }
        ImageSet[] sets = new ImageSet[3];
        for (int s = 0; s < 3; s++) {
            sets[s] = imageSet(npz, SPLITS.get(s), arrays, classNames, reversed);
        }
        return new Splits(sets[0], sets[1], sets[2]);
    }

    private static ImageSet imageSet(Path npz, String split, Map<String, NpyArray> arrays, List<String> classNames,
                                     boolean reversed) {
        NpyArray images = entry(npz, split + "_images", arrays);
        NpyArray labels = entry(npz, split + "_labels", arrays);
        String where = npz + "!" + split + "_images.npy";
        if (images.rank() != 3) {
            throw new DataFormatException(where, 0, "shape", "expected (N, height, width) grayscale images, found shape "
                    + Arrays.toString(images.shape()));
        }
        int n = images.dim(0);
        boolean labelShapeOk = labels.dim(0) == n
                && (labels.rank() == 1 || (labels.rank() == 2 && labels.dim(1) == 1));
        if (!labelShapeOk) {
            throw new DataFormatException(npz + "!" + split + "_labels.npy", 0, "shape", "expected (" + n + ", 1) labels for "
                    + n + " images, found " + Arrays.toString(labels.shape()));
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= classNames.size()) {
                throw new DataFormatException(npz + "!" + split + "_labels.npy", 0, "label " + i,
                        "label " + y[i] + " outside 0.." + (classNames.size() - 1));
            }
            if (reversed) {
                y[i] = classNames.size() - 1 - y[i];
            }
        }
        return new ImageSet(npz.getFileName() + ":" + split, images.dim(1), images.dim(2), images.data(), y, classNames);
    }

    private static NpyArray entry(Path npz, String name, Map<String, NpyArray> arrays) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new DataFormatException(npz.toString(), 0, name + ".npy",
                    "missing entry; found " + new TreeSet<>(arrays.keySet()));
        }
        return a;
    }
}
