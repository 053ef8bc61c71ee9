package org.fedmed.data.read;

import java.util.Arrays;
import java.util.List;

/**
 * Grayscale images as stored: uint8 pixels (read unsigned), one label per image.
 *
 * @param source     where they came from, for messages
 * @param height     image height in pixels
 * @param width      image width in pixels
 * @param pixels     {@code size() * height * width} bytes, image after image, row-major
 * @param labels     class index per image
 * @param classNames class names, index = label
 */
public record ImageSet(String source, int height, int width, byte[] pixels, int[] labels, List<String> classNames) {

    public ImageSet {
        classNames = List.copyOf(classNames);
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException(labels.length + " images of " + height + "x" + width + " need "
                    + (long) labels.length * height * width + " pixels, got " + pixels.length);
        }
    }

    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return height * width;
    }

    public int[] labelCounts() {
        int[] counts = new int[classNames.size()];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** The images of this set followed by those of {@code other} (same size and classes). */
    public ImageSet concat(ImageSet other) {
        if (other.height != height || other.width != width || !other.classNames.equals(classNames)) {
            throw new IllegalArgumentException("cannot concatenate " + this + " and " + other);
        }
        byte[] p = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, p, pixels.length, other.pixels.length);
        int[] y = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, y, labels.length, other.labels.length);
        return new ImageSet(source + "+" + other.source, height, width, p, y, classNames);
    }

    @Override
    public String toString() {
        return "ImageSet[" + source + ": " + size() + " x " + height + "x" + width + ", classes=" + classNames
                + " " + Arrays.toString(labelCounts()) + "]";
    }
}
