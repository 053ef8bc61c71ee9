package org.fedmed.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The RLE Lossless decoder of PS3.5 Annex G: a 64-byte header (segment count and offsets, little
 * endian), then one PackBits-coded segment per byte plane, most significant byte first (G.2, G.3.2).
 */
final class RleDecoder {

    private RleDecoder() {
    }

    /**
     * The pixels of one grayscale frame, each the concatenation of its bytes, most significant first.
     *
     * @param bytesPerSample 1 for 8 bits allocated, 2 for 16, 4 for 32
     * @throws IllegalArgumentException saying what is wrong with the frame
     */
    static int[] decode(byte[] frame, int pixels, int bytesPerSample) {
        if (frame.length < 64) {
            throw new IllegalArgumentException("RLE frame shorter than its 64-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(frame, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
        int segments = header.getInt();
        if (segments != bytesPerSample) {
            throw new IllegalArgumentException("RLE frame has " + segments + " segments, " + bytesPerSample + " expected");
        }
        int[] offsets = new int[segments + 1];
        for (int s = 0; s < segments; s++) {
            offsets[s] = header.getInt();
        }
        offsets[segments] = frame.length;
        int[] out = new int[pixels];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            if (offsets[s] < 64 || offsets[s] > offsets[s + 1]) {
                throw new IllegalArgumentException("RLE segment " + (s + 1) + " has a bad offset");
            }
            unpack(frame, offsets[s], offsets[s + 1], plane);
            for (int i = 0; i < pixels; i++) {
                out[i] = out[i] << 8 | (plane[i] & 0xFF);
            }
        }
        return out;
    }

    /** PackBits (G.3.1): n in [0, 127] copies n + 1 bytes, n in [-127, -1] repeats the next byte 1 - n times, -128 is nothing. */
    private static void unpack(byte[] in, int from, int to, byte[] out) {
        int o = 0;
        int i = from;
        while (o < out.length) {
            if (i >= to) {
                throw new IllegalArgumentException("RLE segment ends after " + o + " of " + out.length + " bytes");
            }
            int n = in[i++];
            if (n >= 0) {
                int count = n + 1;
                if (i + count > to || o + count > out.length) {
                    throw new IllegalArgumentException("RLE literal run overruns its segment");
                }
                System.arraycopy(in, i, out, o, count);
                i += count;
                o += count;
            } else if (n != -128) {
                int count = 1 - n;
                if (i >= to || o + count > out.length) {
                    throw new IllegalArgumentException("RLE replicate run overruns its segment");
                }
                byte b = in[i++];
                for (int k = 0; k < count; k++) {
                    out[o++] = b;
                }
            }
        }
    }
}
