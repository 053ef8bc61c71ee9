package org.fedmed.dicom;

/**
 * How a grayscale image is stored (PS3.3 C.7.6.3 Image Pixel module).
 *
 * @param rows          (0028,0010)
 * @param columns       (0028,0011)
 * @param frames        (0028,0008), 1 when absent; FedMed uses the first
 * @param bitsAllocated (0028,0100): 8, 16 or 32
 * @param bitsStored    (0028,0101)
 * @param highBit       (0028,0102)
 * @param signed        (0028,0103) Pixel Representation is 1 (two's complement)
 * @param inverted      (0028,0004) is MONOCHROME1: the lowest value is white
 */
record ImageGeometry(int rows, int columns, int frames, int bitsAllocated, int bitsStored, int highBit, boolean signed,
                     boolean inverted) {

    int pixels() {
        return rows * columns;
    }

    /** The geometry of {@code d}; refuses colour, sub-byte and inconsistent bit layouts naming the tag. */
    static ImageGeometry of(DicomObject d) {
        int samples = d.unsignedShort(Tag.SAMPLES_PER_PIXEL, 1);
        if (samples != 1) {
            throw d.problem(Tag.SAMPLES_PER_PIXEL, "is " + samples + ": only grayscale images (1 sample per pixel) are read");
        }
        String photometric = d.text(Tag.PHOTOMETRIC_INTERPRETATION).orElse("MONOCHROME2");
        if (!photometric.equals("MONOCHROME1") && !photometric.equals("MONOCHROME2")) {
            throw d.problem(Tag.PHOTOMETRIC_INTERPRETATION, "is " + photometric + ": only MONOCHROME1 and MONOCHROME2 are read");
        }
        int rows = d.unsignedShort(Tag.ROWS);
        int columns = d.unsignedShort(Tag.COLUMNS);
        if (rows == 0 || columns == 0) {
            throw d.problem(rows == 0 ? Tag.ROWS : Tag.COLUMNS, "is 0");
        }
        int allocated = d.unsignedShort(Tag.BITS_ALLOCATED);
        if (allocated != 8 && allocated != 16 && allocated != 32) {
            throw d.problem(Tag.BITS_ALLOCATED, "is " + allocated + ": 8, 16 or 32 are read");
        }
        int stored = d.unsignedShort(Tag.BITS_STORED, allocated);
        int high = d.unsignedShort(Tag.HIGH_BIT, stored - 1);
        if (stored < 1 || stored > allocated || high < stored - 1 || high >= allocated) {
            throw d.problem(Tag.BITS_STORED, "and High Bit " + Tag.format(Tag.HIGH_BIT) + " do not fit in " + allocated
                    + " allocated bits");
        }
        int frames = (int) d.number(Tag.NUMBER_OF_FRAMES, 1);
        return new ImageGeometry(rows, columns, Math.max(frames, 1), allocated, stored, high,
                d.unsignedShort(Tag.PIXEL_REPRESENTATION, 0) == 1, photometric.equals("MONOCHROME1"));
    }
}
