package org.fedmed.data.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal reader for NumPy {@code .npy} data (format versions 1.0, 2.0, 3.0), limited to what
 * MedMNIST uses: dtype uint8 ({@code '|u1'}), C order. Anything else is refused with a clear
 * message instead of being misread.
 *
 * <p>Layout: magic {@code \x93NUMPY}, major and minor version bytes, header length (2 bytes little
 * endian in 1.0, 4 bytes in 2.0+), a Python dict literal such as
 * {@code {'descr': '|u1', 'fortran_order': False, 'shape': (546, 28, 28), }}, then the raw data.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyReader() {
    }

    /**
     * @param bytes the whole {@code .npy} content
     * @param where the file (and zip entry) for messages, e.g. {@code "breastmnist.npz!train_images.npy"}
     */
    public static NpyArray parse(byte[] bytes, String where) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new DataFormatException(where, 0, "magic", "not a .npy file (does not start with \\x93NUMPY)");
        }
        int major = bytes[6] & 0xFF;
        int headerStart;
        long headerLength;
        if (major == 1) {
            headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new DataFormatException(where, 0, "header", "truncated before the header length");
            }
            headerLength = (bytes[8] & 0xFFL) | (bytes[9] & 0xFFL) << 8 | (bytes[10] & 0xFFL) << 16 | (bytes[11] & 0xFFL) << 24;
            headerStart = 12;
        } else {
            throw new DataFormatException(where, 0, "version",
                    "unsupported .npy format version " + major + "." + (bytes[7] & 0xFF) + " (1.0, 2.0 and 3.0 are supported)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new DataFormatException(where, 0, "header", "header length " + headerLength + " runs past the end of the data");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        String descr = stringValue(header, "descr", where);
        if (!descr.equals("|u1") && !descr.equals("u1")) {
            throw new DataFormatException(where, 0, "descr",
                    "unsupported dtype '" + descr + "'; only uint8 ('|u1') arrays are supported");
        }
        String fortran = rawValue(header, "fortran_order", where);
        if (fortran.startsWith("True")) {
            throw new DataFormatException(where, 0, "fortran_order", "Fortran-ordered arrays are not supported; save in C order");
        }
        if (!fortran.startsWith("False")) {
            throw new DataFormatException(where, 0, "fortran_order", "expected True or False, found '" + fortran + "'");
        }
        int[] shape = shape(rawValue(header, "shape", where), where);
        long count = NpyArray.elementCount(shape);
        int dataStart = headerStart + (int) headerLength;
        if (bytes.length - dataStart != count) {
            throw new DataFormatException(where, 0, "data", "shape " + Arrays.toString(shape) + " needs " + count
                    + " bytes of data, found " + (bytes.length - dataStart));
        }
        return new NpyArray(shape, Arrays.copyOfRange(bytes, dataStart, bytes.length));
    }

    /** The text right after {@code 'key':}, up to the end of the header. */
    private static String rawValue(String header, String key, String where) {
        if (!header.startsWith("{")) {
            throw new DataFormatException(where, 0, "header", "header is not a dict literal: " + header);
        }
        int k = header.indexOf("'" + key + "'");
        if (k < 0) {
            k = header.indexOf("\"" + key + "\"");
        }
        if (k < 0) {
            throw new DataFormatException(where, 0, key, "header has no '" + key + "' entry: " + header);
        }
        int colon = header.indexOf(':', k + key.length() + 2);
        if (colon < 0) {
            throw new DataFormatException(where, 0, key, "no ':' after '" + key + "' in header: " + header);
        }
        return header.substring(colon + 1).trim();
    }

    private static String stringValue(String header, String key, String where) {
        String v = rawValue(header, key, where);
        char quote = v.isEmpty() ? ' ' : v.charAt(0);
        int end = quote == '\'' || quote == '"' ? v.indexOf(quote, 1) : -1;
        if (end < 0) {
            throw new DataFormatException(where, 0, key, "expected a quoted string, found '" + v + "'");
        }
        return v.substring(1, end);
    }

    private static int[] shape(String v, String where) {
        int close = v.indexOf(')');
        if (!v.startsWith("(") || close < 0) {
            throw new DataFormatException(where, 0, "shape", "expected a tuple like (N, 28, 28), found '" + v + "'");
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : v.substring(1, close).split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) { // Python 2 long literal
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new DataFormatException(where, 0, "shape", "dimension '" + p + "' is not an integer");
            }
            if (dims.get(dims.size() - 1) < 0) {
                throw new DataFormatException(where, 0, "shape", "negative dimension " + p);
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
