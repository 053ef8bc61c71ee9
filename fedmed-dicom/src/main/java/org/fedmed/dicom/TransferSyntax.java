package org.fedmed.dicom;

import java.util.Arrays;
import java.util.Optional;

/**
 * The transfer syntaxes FedMed decodes (PS3.5 section 10 and Annex A), and how. Any other UID is
 * refused by name ({@link #nameOf}).
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", Codec.NATIVE, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Codec.NATIVE, true, false),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", Codec.NATIVE, true, true),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG, true, false),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG, true, false),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG, true, false),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14"
            + " [Selection Value 1])", Codec.JPEG, true, false),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Codec.JPEG_2000, true, false),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Codec.JPEG_2000, true, false),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE, true, false);

    /** How the Pixel Data of a syntax is stored. */
    public enum Codec { NATIVE, RLE, JPEG, JPEG_2000 }

    private final String uid;
    private final String title;
    private final Codec codec;
    private final boolean explicitVr;
    private final boolean bigEndian;

    TransferSyntax(String uid, String title, Codec codec, boolean explicitVr, boolean bigEndian) {
        this.uid = uid;
        this.title = title;
        this.codec = codec;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
    }

    public String uid() {
        return uid;
    }

    public String title() {
        return title;
    }

    public Codec codec() {
        return codec;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** Whether the Pixel Data is a sequence of fragments (PS3.5 A.4). */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    public static Optional<TransferSyntax> of(String uid) {
        return Arrays.stream(values()).filter(t -> t.uid.equals(uid)).findFirst();
    }

    /** A syntax's name for a refusal: ours, or one of the common ones we do not decode, else "unknown". */
    public static String nameOf(String uid) {
        Optional<TransferSyntax> known = of(uid);
        if (known.isPresent()) {
            return known.get().title;
        }
        return switch (uid) {
            case "1.2.840.10008.1.2.1.99" -> "Deflated Explicit VR Little Endian";
            case "1.2.840.10008.1.2.4.80" -> "JPEG-LS Lossless";
            case "1.2.840.10008.1.2.4.81" -> "JPEG-LS Near-Lossless";
            case "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93" -> "JPEG 2000 Part 2 Multi-component";
            case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203" -> "High-Throughput JPEG 2000";
            case "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103",
                 "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.106" -> "MPEG video";
            case "1.2.840.10008.1.2.4.94", "1.2.840.10008.1.2.4.95" -> "JPIP referenced";
            default -> "unknown";
        };
    }
}
