package org.fedmed.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.fedmed.data.read.ImageSet;

/**
 * A bundled image dataset as hospitals' DICOM folders, for trying {@code --data dicom:DIR} without
 * patient images: site {@code s} gets {@code perClass} images of each class (disjoint rows of the
 * set), written as CR, view PA, no patient attributes, and a labels file {@code file,LABEL}.
 */
public final class DicomSample {

    private DicomSample() {
    }

    /**
     * Writes {@code out/site-N/img-NNNN.dcm} and {@code out/site-N-labels.csv} for N = 1 .. sites; returns the
     * number of images written per site.
     */
    public static int write(ImageSet images, int sites, int perClass, String labelColumn, Path out) throws IOException {
        int px = images.pixelsPerImage();
        int row = 0;
        for (int s = 1; s <= sites; s++) {
            Path folder = Files.createDirectories(out.resolve("site-" + s));
            StringBuilder labels = new StringBuilder("file," + labelColumn + "\n");
            int[] taken = new int[images.classNames().size()];
            int written = 0;
            while (written < perClass * taken.length) {
                if (row >= images.size()) {
                    throw new IllegalArgumentException(images.source() + " has too few images of each class for " + sites
                            + " sites of " + perClass + " per class");
                }
                int y = images.labels()[row];
                if (taken[y] < perClass) {
                    taken[y]++;
                    String name = String.format(Locale.ROOT, "img-%04d.dcm", written);
                    byte[] pixels = Arrays.copyOfRange(images.pixels(), row * px, (row + 1) * px);
                    DicomWriter.write(folder.resolve(name), new DicomWriter.Image(images.height(), images.width(), pixels, "CR",
                            "PA", null, null), (long) s << 20 | written);
                    labels.append(name).append(',').append(images.classNames().get(y)).append('\n');
                    written++;
                }
                row++;
            }
            Files.writeString(out.resolve("site-" + s + "-labels.csv"), labels);
        }
        return perClass * images.classNames().size();
    }
}
