package org.fedmed.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes an 8-bit grayscale image as a small Part-10 file in Explicit VR Little Endian (Secondary
 * Capture), with the modality and view a study checks and a nested sequence of undefined length: demo
 * folders (a bundled image dataset as DICOM) and parser tests. Not a general DICOM writer.
 */
public final class DicomWriter {

    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    /** The UID root FedMed uses for what it writes (2.25: a UUID-derived UID, PS3.5 B.2). */
    private static final String UID_ROOT = "2.25.";

    private DicomWriter() {
    }

    /**
     * An image's content: {@code pixels} row-major, {@code rows x columns}; {@code patientName} and
     * {@code patientId} may be null (they exist to test that they never leak).
     */
    public record Image(int rows, int columns, byte[] pixels, String modality, String view, String patientName,
                        String patientId) {
    }

    /** Writes {@code image} to {@code file} in Explicit VR Little Endian. */
    public static void write(Path file, Image image, long serial) throws IOException {
        write(file, image, serial, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    /** The same with another Transfer Syntax UID in the File Meta (the data set stays explicit VR little endian). */
    public static void write(Path file, Image image, long serial, String syntaxUid) throws IOException {
        if (image.pixels().length != image.rows() * image.columns()) {
            throw new IllegalArgumentException(image.rows() + "x" + image.columns() + " needs " + image.rows() * image.columns()
                    + " pixels, got " + image.pixels().length);
        }
        String instance = UID_ROOT + Long.toUnsignedString(0x5EED0000L + serial);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x00020001, "OB", new byte[] {0, 1});
        text(meta, 0x00020002, "UI", SECONDARY_CAPTURE);
        text(meta, 0x00020003, "UI", instance);
        text(meta, 0x00020010, "UI", syntaxUid);
        text(meta, 0x00020012, "UI", UID_ROOT + "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x00020000, "UL", le(4).putInt(meta.size()).array());
        meta.writeTo(out);
        text(out, 0x00080016, "UI", SECONDARY_CAPTURE);
        text(out, 0x00080018, "UI", instance);
        text(out, Tag.MODALITY, "CS", image.modality());
        nestedSequence(out);
        text(out, 0x00100010, "PN", image.patientName());
        text(out, 0x00100020, "LO", image.patientId());
        text(out, Tag.VIEW_POSITION, "CS", image.view());
        element(out, Tag.SAMPLES_PER_PIXEL, "US", le(2).putShort((short) 1).array());
        text(out, Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
        element(out, Tag.ROWS, "US", le(2).putShort((short) image.rows()).array());
        element(out, Tag.COLUMNS, "US", le(2).putShort((short) image.columns()).array());
        element(out, Tag.BITS_ALLOCATED, "US", le(2).putShort((short) 8).array());
        element(out, Tag.BITS_STORED, "US", le(2).putShort((short) 8).array());
        element(out, Tag.HIGH_BIT, "US", le(2).putShort((short) 7).array());
        element(out, Tag.PIXEL_REPRESENTATION, "US", le(2).putShort((short) 0).array());
        element(out, Tag.PIXEL_DATA, "OB", image.pixels());
        Files.write(file, out.toByteArray());
    }

    /** (0008,1140) Referenced Image Sequence, undefined length, one item of undefined length: parsers must skip it. */
    private static void nestedSequence(ByteArrayOutputStream out) throws IOException {
        out.write(le(4).putShort((short) 0x0008).putShort((short) 0x1140).array());
        out.write("SQ".getBytes(StandardCharsets.US_ASCII));
        out.write(le(6).putShort((short) 0).putInt(-1).array());
        out.write(le(8).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1).array());
        text(out, 0x00081150, "UI", SECONDARY_CAPTURE);
        out.write(le(8).putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0).array());
        out.write(le(8).putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
    }

    private static void text(ByteArrayOutputStream out, int tag, String vr, String value) throws IOException {
        if (value == null) {
            return;
        }
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            byte[] padded = new byte[v.length + 1];
            System.arraycopy(v, 0, padded, 0, v.length);
            padded[v.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            v = padded;
        }
        element(out, tag, vr, v);
    }

    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) throws IOException {
        byte[] v = value;
        if (v.length % 2 == 1) {
            v = Arrays.copyOf(v, v.length + 1);
        }
        out.write(le(4).putShort((short) (tag >>> 16)).putShort((short) tag).array());
        out.write(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN")) {
            out.write(le(6).putShort((short) 0).putInt(v.length).array());
        } else {
            out.write(le(2).putShort((short) v.length).array());
        }
        out.write(v);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
