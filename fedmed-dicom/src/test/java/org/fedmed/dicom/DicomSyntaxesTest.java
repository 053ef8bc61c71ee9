package org.fedmed.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer syntaxes no bundled file has: Explicit VR Big Endian and JPEG Baseline, written here
 * (a big-endian data set by hand, a baseline JPEG by the JDK's own encoder, encapsulated in two fragments).
 */
class DicomSyntaxesTest {

    private static final int ROWS = 8;
    private static final int COLS = 12;

    @Test
    void explicitVrBigEndianReadsItsSixteenBitSignedPixels(@TempDir Path dir) throws IOException {
        ByteBuffer px = ByteBuffer.allocate(ROWS * COLS * 2).order(ByteOrder.BIG_ENDIAN);
        int[] expected = new int[ROWS * COLS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 37 - 1500;
            px.putShort((short) expected[i]);
        }
        Path f = dir.resolve("be.dcm");
        Files.write(f, file(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, ByteOrder.BIG_ENDIAN, 16, 1, "OW", px.array(), null));
        assertEquals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, DicomParser.read(f).syntax());
        assertArrayEquals(expected, DicomImage.storedValues(f));
    }

    @Test
    void jpegBaselineDecodesThroughTwelveMonkeys(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(COLS, ROWS, BufferedImage.TYPE_BYTE_GRAY);
        int[] expected = new int[ROWS * COLS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (i % COLS) * 20; // a horizontal ramp, smooth enough for lossy JPEG
            img.getRaster().setSample(i % COLS, i / COLS, 0, expected[i]);
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpeg", jpeg));
        byte[] j = jpeg.toByteArray();
        int half = j.length / 2 & ~1; // two even-length fragments: the frame must be put back together
        byte[] tail = Arrays.copyOfRange(j, half, j.length + (j.length - half) % 2);
        Path f = dir.resolve("jpeg.dcm");
        Files.write(f, file(TransferSyntax.JPEG_BASELINE, ByteOrder.LITTLE_ENDIAN, 8, 0, "OB", null,
                new byte[][] {Arrays.copyOf(j, half), tail}));
        int[] decoded = DicomImage.storedValues(f);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], decoded[i], 12, "pixel " + i + " (lossy JPEG, default quality)");
        }
    }

    /** A Part-10 file: explicit VR File Meta, then the image attributes and the pixels in {@code order}. */
    private static byte[] file(TransferSyntax syntax, ByteOrder order, int bits, int signed, String pixelVr, byte[] nativePixels,
                               byte[][] fragments) throws IOException {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, ByteOrder.LITTLE_ENDIAN, 0x00020010, "UI", uid(syntax.uid()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, ByteOrder.LITTLE_ENDIAN, 0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(meta.size()).array());
        meta.writeTo(out);
        element(out, order, Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        element(out, order, Tag.ROWS, "US", us(order, ROWS));
        element(out, order, Tag.COLUMNS, "US", us(order, COLS));
        element(out, order, Tag.BITS_ALLOCATED, "US", us(order, bits));
        element(out, order, Tag.BITS_STORED, "US", us(order, bits));
        element(out, order, Tag.HIGH_BIT, "US", us(order, bits - 1));
        element(out, order, Tag.PIXEL_REPRESENTATION, "US", us(order, signed));
        if (nativePixels != null) {
            element(out, order, Tag.PIXEL_DATA, pixelVr, nativePixels);
        } else {
            out.write(ByteBuffer.allocate(12).order(order).putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O')
                    .put((byte) 'B').putShort((short) 0).putInt(-1).array());
            out.write(item(order, 0xE000, 0)); // an empty Basic Offset Table
            for (byte[] f : fragments) {
                out.write(item(order, 0xE000, f.length));
                out.write(f);
            }
            out.write(item(order, 0xE0DD, 0));
        }
        return out.toByteArray();
    }

    private static byte[] item(ByteOrder order, int element, int length) {
        return ByteBuffer.allocate(8).order(order).putShort((short) 0xFFFE).putShort((short) element).putInt(length).array();
    }

    private static void element(ByteArrayOutputStream out, ByteOrder order, int tag, String vr, byte[] value) throws IOException {
        boolean longForm = vr.equals("OB") || vr.equals("OW");
        ByteBuffer h = ByteBuffer.allocate(longForm ? 12 : 8).order(order).putShort((short) (tag >>> 16)).putShort((short) tag)
                .put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            h.putShort((short) 0).putInt(value.length);
        } else {
            h.putShort((short) value.length);
        }
        out.write(h.array());
        out.write(value);
    }

    private static byte[] us(ByteOrder order, int v) {
        return ByteBuffer.allocate(2).order(order).putShort((short) v).array();
    }

    private static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }
}
