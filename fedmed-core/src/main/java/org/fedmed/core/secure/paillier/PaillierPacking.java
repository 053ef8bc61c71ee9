package org.fedmed.core.secure.paillier;

import java.math.BigInteger;

/**
 * Packing of many small quantized values into one Paillier plaintext, so one encryption, one
 * homomorphic addition and one decryption serve a whole block of values.
 *
 * <p>A value v in [-M, M] is stored as v + M in [0, 2M], which takes {@link #valueBits} =
 * bitLength(2M) bits. A slot has {@link #headroomBits} = ceil(log2 S) more bits on top, so the sum of up
 * to S = {@link #sites} vectors, at most S * 2M &lt; 2^(value bits + headroom bits), never carries into
 * the next slot. Slot i of a plaintext sits at bits [i w, (i + 1) w), w = {@link #slotBits}; a plaintext
 * holds floor((key bits - 1) / w) slots, so it stays below 2^(key bits - 1) &lt;= n and the modular sum is
 * the integer sum. After decryption, a slot of a sum of k vectors reads k M more than the sum of the
 * values; {@link #unpackSum} removes that.
 *
 * <p>Range check: a slot above k * 2M, or bits above the last slot, cannot come from k honest vectors;
 * unpacking refuses such a sum (a ciphertext or decryption share was tampered with, or more vectors than
 * declared were added). It does not catch a tampering that keeps every slot in range.
 *
 * @param maxAbs  M, the largest magnitude of a value (a {@link org.fedmed.core.secure.Quantizer}'s maxLevel)
 * @param sites   S, the most vectors whose sum is unpacked
 * @param keyBits bits of the Paillier modulus n
 */
public record PaillierPacking(long maxAbs, int sites, int keyBits) {

    /** Slots are read into a {@code long}; 62 bits keep every slot sum positive with room to check. */
    public static final int MAX_SLOT_BITS = 62;

    public PaillierPacking {
        if (maxAbs < 1 || maxAbs > (1L << 40)) {
            throw new IllegalArgumentException("paillier packing: the largest value magnitude M must be in 1..2^40, got " + maxAbs);
        }
        if (sites < 1) {
            throw new IllegalArgumentException("paillier packing: number of sites must be at least 1, got " + sites);
        }
        int valueBits = bitsOf(2 * maxAbs);
        int headroom = headroomOf(sites);
        if (valueBits + headroom > MAX_SLOT_BITS || valueBits + headroom > keyBits - 1) {
            throw new IllegalArgumentException(String.format(
                "paillier packing: a slot of %d value bits + %d headroom bits for %d sites does not fit a %d-bit key "
                    + "(at most %d bits per slot and key bits - 1); lower the quantization range or the number of sites",
                valueBits, headroom, sites, keyBits, MAX_SLOT_BITS));
        }
    }

    /** The packing for values up to {@code maxAbs}, summed over up to {@code sites} vectors, under {@code key}. */
    public static PaillierPacking of(long maxAbs, int sites, PaillierPublicKey key) {
        return new PaillierPacking(maxAbs, sites, key.bits());
    }

    /** bitLength(2M): the bits of one offset value v + M. */
    public int valueBits() {
        return bitsOf(2 * maxAbs);
    }

    /** ceil(log2 S): the carry room for a sum of S vectors. */
    public int headroomBits() {
        return headroomOf(sites);
    }

    /** w = value bits + headroom bits. */
    public int slotBits() {
        return valueBits() + headroomBits();
    }

    /** floor((key bits - 1) / w) slots per plaintext. */
    public int slotsPerPlaintext() {
        return (keyBits - 1) / slotBits();
    }

    /** Plaintexts (and so ciphertexts) for a vector of {@code length} values. */
    public int plaintexts(int length) {
        int k = slotsPerPlaintext();
        return (length + k - 1) / k;
    }

    /** Packs values in [-M, M]; a value outside is refused with its index. */
    public BigInteger[] pack(int[] values) {
        long[] wide = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return pack(wide);
    }

    /** Packs values in [-M, M]; a value outside is refused with its index (not its value). */
    public BigInteger[] pack(long[] values) {
        int w = slotBits();
        int k = slotsPerPlaintext();
        BigInteger[] out = new BigInteger[plaintexts(values.length)];
        for (int c = 0; c < out.length; c++) {
            int from = c * k;
            int slots = Math.min(k, values.length - from);
            long[] words = new long[(slots * w + 63) / 64];
            for (int s = 0; s < slots; s++) {
                long v = values[from + s];
                if (v < -maxAbs || v > maxAbs) {
                    throw new IllegalArgumentException("paillier packing: value " + (from + s) + " lies outside [-M, M], M = " + maxAbs);
                }
                put(words, s * w, v + maxAbs);
            }
            out[c] = toBigInteger(words);
        }
        return out;
    }

    /**
     * The sum of {@code count} packed vectors of {@code length} values each, from its decrypted
     * plaintexts: each slot minus count * M. Refuses a slot outside [0, count * 2M] or bits beyond the last
     * slot (tampered or overflowed; see the class comment), naming the position.
     */
    public long[] unpackSum(BigInteger[] plaintexts, int length, int count) {
        if (count < 1 || count > sites) {
            throw new IllegalArgumentException("paillier packing: a sum of " + count + " vectors cannot be unpacked with headroom for "
                + sites + " sites");
        }
        if (plaintexts.length != plaintexts(length)) {
            throw new IllegalArgumentException("paillier packing: " + length + " values need " + plaintexts(length)
                + " plaintexts, got " + plaintexts.length);
        }
        int w = slotBits();
        int k = slotsPerPlaintext();
        long mask = (1L << w) - 1;
        long top = count * 2 * maxAbs;
        long offset = count * maxAbs;
        long[] out = new long[length];
        for (int c = 0; c < plaintexts.length; c++) {
            int from = c * k;
            int slots = Math.min(k, length - from);
            BigInteger plain = plaintexts[c];
            if (plain.signum() < 0 || plain.bitLength() > slots * w) {
                throw new IllegalStateException("paillier: plaintext " + c + " of the decrypted sum has bits beyond its "
                    + slots + " slots: a ciphertext or decryption share was tampered with");
            }
            long[] words = toWords(plain, (slots * w + 63) / 64);
            for (int s = 0; s < slots; s++) {
                long x = get(words, s * w) & mask;
                if (x > top) {
                    throw new IllegalStateException("paillier: value " + (from + s) + " of the decrypted sum is outside [0, "
                        + count + " * 2M]: a ciphertext or decryption share was tampered with, or more than " + count
                        + " vectors were added");
                }
                out[from + s] = x - offset;
            }
        }
        return out;
    }

    private static void put(long[] words, int bit, long x) {
        int word = bit >>> 6;
        int shift = bit & 63;
        words[word] |= x << shift;
        if (shift != 0 && word + 1 < words.length) {
            words[word + 1] |= x >>> (64 - shift);
        }
    }

    private static long get(long[] words, int bit) {
        int word = bit >>> 6;
        int shift = bit & 63;
        long x = words[word] >>> shift;
        if (shift != 0 && word + 1 < words.length) {
            x |= words[word + 1] << (64 - shift);
        }
        return x;
    }

    /** Little-endian words to a non-negative BigInteger (big-endian magnitude bytes). */
    private static BigInteger toBigInteger(long[] words) {
        byte[] bytes = new byte[words.length * 8];
        for (int i = 0; i < words.length; i++) {
            long x = words[i];
            int end = bytes.length - 8 * i;
            for (int b = 1; b <= 8; b++) {
                bytes[end - b] = (byte) x;
                x >>>= 8;
            }
        }
        return new BigInteger(1, bytes);
    }

    private static long[] toWords(BigInteger x, int count) {
        byte[] bytes = x.toByteArray();
        long[] words = new long[count];
        int limit = Math.min(bytes.length, count * 8);
        for (int b = 0; b < limit; b++) {
            words[b >>> 3] |= (bytes[bytes.length - 1 - b] & 0xffL) << (8 * (b & 7));
        }
        return words;
    }

    private static int bitsOf(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private static int headroomOf(int sites) {
        return sites == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(sites - 1);
    }
}
