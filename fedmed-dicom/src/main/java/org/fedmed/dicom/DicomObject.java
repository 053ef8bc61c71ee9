package org.fedmed.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedmed.data.read.DataFormatException;

/**
 * The parts of one Part-10 file that FedMed uses: the top-level elements it asked for (raw bytes in
 * the file's byte order) and the Pixel Data, native or as fragments. Patient and study identifiers are
 * never kept, so they cannot end up in a message.
 *
 * @param file      the path as given, for messages
 * @param syntax    the file's transfer syntax
 * @param values    tag → raw value of the elements {@link DicomParser} keeps
 * @param pixels    native Pixel Data, or null when encapsulated (or absent)
 * @param fragments encapsulated Pixel Data: the Basic Offset Table item first, then the fragments; else null
 */
public record DicomObject(String file, TransferSyntax syntax, Map<Integer, byte[]> values, byte[] pixels,
                          List<byte[]> fragments) {

    public DicomObject {
        values = Map.copyOf(values);
        fragments = fragments == null ? null : List.copyOf(fragments);
    }

    public ByteOrder order() {
        return syntax.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    public boolean has(int tag) {
        return values.containsKey(tag);
    }

    /** A text element (CS, DS, IS), trimmed of its padding; its first value where it has several. */
    public Optional<String> text(int tag) {
        byte[] v = values.get(tag);
        if (v == null) {
            return Optional.empty();
        }
        String s = new String(v, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        int multi = s.indexOf('\\');
        s = (multi >= 0 ? s.substring(0, multi) : s).trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** An unsigned short (US) element; required. */
    public int unsignedShort(int tag) {
        byte[] v = values.get(tag);
        if (v == null || v.length < 2) {
            throw problem(tag, "is missing (required for the image)");
        }
        return ByteBuffer.wrap(v).order(order()).getShort() & 0xFFFF;
    }

    /** An unsigned short element, or {@code otherwise} where the file has none. */
    public int unsignedShort(int tag, int otherwise) {
        return has(tag) ? unsignedShort(tag) : otherwise;
    }

    /** A decimal (DS) or integer (IS) string element, or {@code otherwise} where absent. */
    public double number(int tag, double otherwise) {
        Optional<String> s = text(tag);
        if (s.isEmpty()) {
            return otherwise;
        }
        try {
            return Double.parseDouble(s.get());
        } catch (NumberFormatException e) {
            throw problem(tag, "is not a number");
        }
    }

    /** A refusal naming this file and a tag, never its value. */
    public DataFormatException problem(int tag, String what) {
        return new DataFormatException(file, 0, Tag.format(tag), what, null);
    }
}
