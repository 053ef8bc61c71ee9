package org.fedmed.dicom;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.data.read.DataFormatException;

/**
 * Reads a DICOM Part-10 file (PS3.10 section 7): the 128-byte preamble and {@code DICM}, the File Meta
 * Information group in explicit VR little endian, then the data set in its transfer syntax (PS3.5
 * section 7: explicit or implicit VR, little or big endian). Sequences of defined or undefined length
 * are skipped item by item; encapsulated Pixel Data is split into its items (PS3.5 A.4).
 *
 * <p>Only the top-level elements in {@link #KEPT} are kept. Errors name the file and the tag being read,
 * never a value.
 */
public final class DicomParser {

    private static final int UNDEFINED = -1;
    private static final Set<Integer> KEPT = Set.of(Tag.MODALITY, Tag.VIEW_POSITION, Tag.SAMPLES_PER_PIXEL,
            Tag.PHOTOMETRIC_INTERPRETATION, Tag.NUMBER_OF_FRAMES, Tag.ROWS, Tag.COLUMNS, Tag.BITS_ALLOCATED, Tag.BITS_STORED,
            Tag.HIGH_BIT, Tag.PIXEL_REPRESENTATION, Tag.WINDOW_CENTER, Tag.WINDOW_WIDTH, Tag.RESCALE_INTERCEPT,
            Tag.RESCALE_SLOPE);
    /** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT",
            "UV");

    private final String file;
    private final ByteBuffer buf;
    private boolean explicit;
    private int current;

    private DicomParser(String file, byte[] bytes) {
        this.file = file;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads {@code path}; an unreadable, truncated or unsupported file is a {@link DataFormatException}. */
    public static DicomObject read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new DataFormatException(path.toString(), 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        return parse(path.toString(), bytes);
    }

    /** Parses the bytes of a Part-10 file named {@code file} in messages. */
    public static DicomObject parse(String file, byte[] bytes) {
        return new DicomParser(file, bytes).parse();
    }

    private DicomObject parse() {
        if (buf.capacity() < 132 || !"DICM".equals(new String(buf.array(), 128, 4, StandardCharsets.US_ASCII))) {
            throw new DataFormatException(file, 0, null, "is not a DICOM Part-10 file (no DICM marker after the 128-byte"
                    + " preamble)", null);
        }
        buf.position(132);
        explicit = true;
        Map<Integer, byte[]> meta = new HashMap<>();
        try {
            while (buf.remaining() >= 4 && (buf.getShort(buf.position()) & 0xFFFF) == 0x0002) {
                element(meta, Set.of(Tag.TRANSFER_SYNTAX_UID), true, null);
            }
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
        byte[] uid = meta.get(Tag.TRANSFER_SYNTAX_UID);
        if (uid == null) {
            throw new DataFormatException(file, 0, Tag.format(Tag.TRANSFER_SYNTAX_UID), "is missing from the File Meta"
                    + " Information", null);
        }
        String syntaxUid = new String(uid, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        TransferSyntax syntax = TransferSyntax.of(syntaxUid).orElseThrow(() -> new DataFormatException(file, 0,
                Tag.format(Tag.TRANSFER_SYNTAX_UID), "transfer syntax " + syntaxUid + " (" + TransferSyntax.nameOf(syntaxUid)
                + ") is not supported; supported: " + supported(), null));
        explicit = syntax.explicitVr();
        buf.order(syntax.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Map<Integer, byte[]> values = new HashMap<>();
        PixelHolder pixels = new PixelHolder();
        try {
            while (buf.hasRemaining()) {
                element(values, KEPT, true, pixels);
            }
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
        return new DicomObject(file, syntax, values, pixels.nativeBytes, pixels.fragments);
    }

    /** The encapsulated or native Pixel Data, once found at the top level. */
    private static final class PixelHolder {
        byte[] nativeBytes;
        List<byte[]> fragments;
    }

    /**
     * Reads one element; keeps it in {@code into} when its tag is in {@code keep} (top level only).
     * Returns false when the element was an Item Delimitation (the end of an item of undefined length).
     */
    private boolean element(Map<Integer, byte[]> into, Set<Integer> keep, boolean top, PixelHolder pixels) {
        int start = buf.position();
        current = tag();
        if (current == Tag.ITEM_DELIMITATION) {
            buf.getInt();
            return false;
        }
        if (current == Tag.ITEM || current == Tag.SEQUENCE_DELIMITATION) {
            throw new DataFormatException(file, 0, Tag.format(current), "an item or delimiter outside a sequence at byte " + start,
                    null);
        }
        String vr = null;
        int length;
        if (explicit) {
            vr = new String(new byte[] {buf.get(), buf.get()}, StandardCharsets.US_ASCII);
            if (!Character.isUpperCase(vr.charAt(0)) || !Character.isUpperCase(vr.charAt(1))) {
                throw new DataFormatException(file, 0, Tag.format(current), "has no valid VR (the file is damaged)", null);
            }
            if (LONG_VRS.contains(vr)) {
                buf.getShort();
                length = buf.getInt();
            } else {
                length = buf.getShort() & 0xFFFF;
            }
        } else {
            length = buf.getInt();
        }
        if (current == Tag.PIXEL_DATA && top && pixels != null) {
            if (length == UNDEFINED) {
                pixels.fragments = fragments();
            } else {
                pixels.nativeBytes = take(length);
            }
            return true;
        }
        if (length == UNDEFINED) {
            // an undefined length is a sequence (SQ, or UN holding one, or any element of an implicit-VR data set)
            if (explicit && !"SQ".equals(vr) && !"UN".equals(vr)) {
                throw new DataFormatException(file, 0, Tag.format(current), "has an undefined length but VR " + vr, null);
            }
            boolean wasExplicit = explicit;
            if ("UN".equals(vr)) {
                explicit = false; // PS3.5 6.2.2: a UN sequence of undefined length is encoded in implicit VR little endian
            }
            skipSequence();
            explicit = wasExplicit;
            return true;
        }
        byte[] value = take(length);
        if (top && keep.contains(current)) {
            into.put(current, value);
        }
        return true;
    }

    /** Items until the Sequence Delimitation; an item of undefined length is read element by element. */
    private void skipSequence() {
        int seq = current;
        while (true) {
            int t = tag();
            int length = buf.getInt();
            if (t == Tag.SEQUENCE_DELIMITATION) {
                return;
            }
            if (t != Tag.ITEM) {
                throw new DataFormatException(file, 0, Tag.format(seq), "holds " + Tag.format(t) + " where an item was expected",
                        null);
            }
            if (length == UNDEFINED) {
                while (element(null, Set.of(), false, null)) {
                    // nested elements are skipped; element() returns false at the Item Delimitation
                }
                current = seq;
            } else {
                take(length);
            }
        }
    }

    /** The items of encapsulated Pixel Data: the Basic Offset Table, then the fragments. */
    private List<byte[]> fragments() {
        List<byte[]> items = new ArrayList<>();
        while (true) {
            int t = tag();
            int length = buf.getInt();
            if (t == Tag.SEQUENCE_DELIMITATION) {
                if (items.isEmpty()) {
                    throw new DataFormatException(file, 0, Tag.format(Tag.PIXEL_DATA), "has no Basic Offset Table item", null);
                }
                return items;
            }
            if (t != Tag.ITEM || length == UNDEFINED) {
                throw new DataFormatException(file, 0, Tag.format(Tag.PIXEL_DATA), "holds " + Tag.format(t) + " where a fragment"
                        + " item was expected", null);
            }
            items.add(take(length));
        }
    }

    private int tag() {
        int group = buf.getShort() & 0xFFFF;
        int element = buf.getShort() & 0xFFFF;
        return group << 16 | element;
    }

    private byte[] take(int length) {
        if (length < 0 || length > buf.remaining()) {
            throw truncated();
        }
        byte[] v = new byte[length];
        buf.get(v);
        return v;
    }

    private DataFormatException truncated() {
        return new DataFormatException(file, 0, Tag.format(current), "the file ends inside this element (truncated)", null);
    }

    private static String supported() {
        return String.join(", ", Arrays.stream(TransferSyntax.values()).map(TransferSyntax::title).toList());
    }
}
