package org.fedmed.core.secure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudo-random generator PRG of Bonawitz et al. 2017 (section 4): expands a 32-byte seed into n
 * uniform elements of Z_{2^k}. The keystream is AES-256 in CTR mode (NIST SP 800-38A section 6.5) with
 * the seed as key and a counter block starting at zero; element i is keystream bytes [4i, 4i + 4) read
 * little-endian and reduced to k bits, which is uniform because 2^k divides 2^32.
 *
 * <p>The zero counter is safe only because every seed keys one stream: seeds come from HKDF per pair
 * and round ({@link PairwiseKeys}) or are drawn fresh per round (self masks). Never expand one seed
 * for two different vectors.
 *
 * <p>The keystream is produced in {@value #CHUNK_BYTES}-byte pieces: the JDK's AES-CTR intrinsic runs
 * at GB/s on small {@code update()} calls but far slower on one huge buffer.
 */
public final class MaskStream {

    /** Seed length: an AES-256 key. */
    public static final int SEED_BYTES = 32;
    static final int CHUNK_BYTES = 16 * 1024;

    private static final VarHandle LITTLE_ENDIAN_INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private MaskStream() {
    }

    /** The first {@code n} mask elements of {@code seed} in {@code ring}. */
    public static int[] expand(byte[] seed, int n, Ring ring) {
        if (n < 0) {
            throw new IllegalArgumentException("mask length must be non-negative, got " + n);
        }
        int[] out = new int[n];
        combine(out, seed, ring, 1);
        return out;
    }

    /** target[i] = target[i] + mask[i] mod 2^k, the mask of {@code seed} as long as {@code target}. */
    public static void add(int[] target, byte[] seed, Ring ring) {
        combine(target, seed, ring, 1);
    }

    /** target[i] = target[i] - mask[i] mod 2^k. */
    public static void subtract(int[] target, byte[] seed, Ring ring) {
        combine(target, seed, ring, -1);
    }

    /**
     * target[i] += Σ_j signs[j]·mask_j[i] mod 2^k for every seed j, chunk by chunk: each 16 KB piece of
     * the target stays in cache while all the streams are added to it, so a site's k + 1 masks cost
     * one pass over its update instead of k + 1 (the figures are in docs/BENCHMARKS.md, mask_ratio).
     * The result equals adding the masks one by one.
     */
    public static void combineAll(int[] target, java.util.List<byte[]> seeds, int[] signs, Ring ring) {
        if (seeds.size() != signs.length) {
            throw new IllegalArgumentException(seeds.size() + " mask seeds but " + signs.length + " signs");
        }
        Cipher[] ciphers = new Cipher[seeds.size()];
        for (int j = 0; j < ciphers.length; j++) {
            ciphers[j] = cipher(seeds.get(j));
        }
        byte[] zeros = new byte[CHUNK_BYTES];
        byte[] keystream = new byte[CHUNK_BYTES];
        int mask = ring.mask();
        try {
            for (int start = 0; start < target.length; start += CHUNK_BYTES / Integer.BYTES) {
                int count = Math.min(CHUNK_BYTES / Integer.BYTES, target.length - start);
                int bytes = count * Integer.BYTES;
                for (int j = 0; j < ciphers.length; j++) {
                    int produced = ciphers[j].update(zeros, 0, roundUpToBlock(bytes), keystream, 0);
                    if (produced < bytes) {
                        throw new IllegalStateException("AES-CTR produced " + produced + " bytes, expected " + bytes);
                    }
                    int sign = signs[j];
                    for (int i = 0; i < count; i++) {
                        target[start + i] += sign * (int) LITTLE_ENDIAN_INT.get(keystream, i * Integer.BYTES);
                    }
                }
                for (int i = 0; i < count; i++) {
                    target[start + i] &= mask;
                }
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("AES-CTR keystream buffer too small", e);
        } finally {
            Arrays.fill(keystream, (byte) 0);
        }
    }

    private static void combine(int[] target, byte[] seed, Ring ring, int sign) {
        combineAll(target, java.util.List.of(seed), new int[] {sign}, ring);
    }

    private static int roundUpToBlock(int bytes) {
        return (bytes + 15) & ~15;
    }

    private static Cipher cipher(byte[] seed) {
        if (seed == null || seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("a mask seed has " + SEED_BYTES + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256/CTR is not available in this JDK", e);
        }
    }
}
