package org.fedmed.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.fedmed.data.read.DataFormatException;

/**
 * The first frame of a grayscale image as stored values: native Pixel Data in the file's byte order,
 * RLE ({@link RleDecoder}), JPEG (TwelveMonkeys: baseline, extended, lossless process 14) or JPEG 2000
 * (JAI Image I/O). Values are masked to Bits Stored and sign-extended when Pixel Representation is 1.
 */
final class FrameDecoder {

    private static final String JPEG_READER = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";

    private FrameDecoder() {
    }

    static int[] decode(DicomObject d, ImageGeometry g) {
        int[] raw = switch (d.syntax().codec()) {
            case NATIVE -> nativeFrame(d, g);
            case RLE -> rle(d, g);
            case JPEG -> imageIo(d, g, "jpeg", JPEG_READER);
            case JPEG_2000 -> imageIo(d, g, "jpeg2000", null);
        };
        int mask = g.bitsStored() == 32 ? -1 : (1 << g.bitsStored()) - 1;
        int shift = g.highBit() + 1 - g.bitsStored();
        for (int i = 0; i < raw.length; i++) {
            int v = (raw[i] >>> shift) & mask;
            if (g.signed() && g.bitsStored() < 32 && (v & (1 << (g.bitsStored() - 1))) != 0) {
                v |= ~mask;
            }
            raw[i] = v;
        }
        return raw;
    }

    private static int[] nativeFrame(DicomObject d, ImageGeometry g) {
        byte[] px = d.pixels();
        if (px == null) {
            throw d.problem(Tag.PIXEL_DATA, "is missing");
        }
        int bytes = g.bitsAllocated() / 8;
        long need = (long) g.pixels() * bytes;
        if (px.length < need) {
            throw d.problem(Tag.PIXEL_DATA, "holds " + px.length + " bytes, the first frame needs " + need + " (truncated)");
        }
        ByteBuffer b = ByteBuffer.wrap(px).order(d.order());
        int[] out = new int[g.pixels()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (bytes) {
                case 1 -> b.get(i) & 0xFF;
                case 2 -> b.getShort(2 * i) & 0xFFFF;
                default -> b.getInt(4 * i);
            };
        }
        return out;
    }

    private static int[] rle(DicomObject d, ImageGeometry g) {
        try {
            return RleDecoder.decode(firstFrame(d, g, false), g.pixels(), g.bitsAllocated() / 8);
        } catch (IllegalArgumentException e) {
            if (e instanceof DataFormatException) {
                throw e;
            }
            throw d.problem(Tag.PIXEL_DATA, "cannot be decoded: " + e.getMessage());
        }
    }

    private static int[] imageIo(DicomObject d, ImageGeometry g, String format, String readerClass) {
        byte[] stream = firstFrame(d, g, true);
        ImageReader reader = reader(format, readerClass);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
            reader.setInput(in);
            Raster r = reader.readRaster(0, null);
            if (r.getWidth() != g.columns() || r.getHeight() != g.rows() || r.getNumBands() != 1) {
                throw d.problem(Tag.PIXEL_DATA, "decodes to " + r.getWidth() + "x" + r.getHeight() + " with " + r.getNumBands()
                        + " bands; the file says " + g.columns() + "x" + g.rows() + " grayscale");
            }
            return r.getSamples(r.getMinX(), r.getMinY(), g.columns(), g.rows(), 0, new int[g.pixels()]);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFormatException) {
                throw (DataFormatException) e;
            }
            throw d.problem(Tag.PIXEL_DATA, "cannot be decoded as " + d.syntax().title() + " (" + e.getClass().getSimpleName()
                    + ")");
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String format, String readerClass) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        ImageReader first = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (readerClass == null || r.getClass().getName().equals(readerClass)) {
                return r;
            }
            first = first == null ? r : first;
        }
        throw new IllegalStateException("no " + (readerClass == null ? format : readerClass) + " image reader on the class path"
                + (first == null ? "" : " (found " + first.getClass().getName() + ")"));
    }

    /**
     * The bytes of frame 1 (PS3.5 A.4): all fragments of a single-frame image, else the fragments up to
     * the second offset of the Basic Offset Table, else (no table) up to the fragment ending in an
     * end-of-image marker (JPEG, JPEG 2000) or the first fragment (RLE).
     */
    private static byte[] firstFrame(DicomObject d, ImageGeometry g, boolean endsWithMarker) {
        List<byte[]> items = d.fragments();
        if (items == null || items.size() < 2) {
            throw d.problem(Tag.PIXEL_DATA, "has no encapsulated fragments");
        }
        byte[] table = items.get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long frameEnd = Long.MAX_VALUE;
        if (g.frames() > 1 && table.length >= 8) {
            frameEnd = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL;
        }
        long offset = 0;
        for (int i = 1; i < items.size() && offset < frameEnd; i++) {
            byte[] f = items.get(i);
            out.write(f, 0, f.length);
            offset += 8 + f.length;
            if (g.frames() > 1 && table.length < 8 && (!endsWithMarker || endsWithEoi(f))) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static boolean endsWithEoi(byte[] f) {
        int n = f.length;
        // a fragment has even length, so one padding byte may follow the marker
        return n >= 2 && ((f[n - 2] & 0xFF) == 0xFF && (f[n - 1] & 0xFF) == 0xD9
                || n >= 3 && (f[n - 3] & 0xFF) == 0xFF && (f[n - 2] & 0xFF) == 0xD9);
    }
}
