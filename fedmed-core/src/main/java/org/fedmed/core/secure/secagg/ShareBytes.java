package org.fedmed.core.secure.secagg;

import java.math.BigInteger;
import org.fedmed.core.secure.Share;

/** A share's value as 33 big-endian bytes (field elements are below 2^257); x travels as the holder's index. */
final class ShareBytes {

    static final int LENGTH = 33;

    private ShareBytes() {
    }

    static byte[] encode(Share s) {
        byte[] raw = s.y().toByteArray();
        byte[] out = new byte[LENGTH];
        int take = Math.min(raw.length, LENGTH);
        System.arraycopy(raw, raw.length - take, out, LENGTH - take, take);
        java.util.Arrays.fill(raw, (byte) 0);
        return out;
    }

    static Share decode(int x, byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a share has " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Share(x, new BigInteger(1, bytes));
    }
}
