package org.fedmed.core.secure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random coins for quantizing one update (stochastic rounding, conditional rounding): the
 * AES-256-CTR keystream under a fresh 32-byte key from {@link SecureRandom} — the core of NIST
 * SP 800-90A's CTR_DRBG, without reseeding (one instance serves one vector, then is dropped). It
 * exists because drawing a million doubles from the JDK's DRBG costs more than the rest of a site's
 * secure-aggregation step; the keystream is the same primitive the masks use. Not thread-safe.
 */
public final class CtrRandom implements RandomGenerator {

    private static final int BUFFER = 16 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cipher cipher;
    private final byte[] zeros = new byte[BUFFER];
    private final byte[] buffer = new byte[BUFFER];
    private int position = BUFFER;

    private CtrRandom(byte[] key) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256/CTR is not available in this JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A generator keyed with 32 fresh bytes from {@code source}. */
    public static CtrRandom keyedFrom(SecureRandom source) {
        byte[] key = new byte[32];
        source.nextBytes(key);
        return new CtrRandom(key);
    }

    @Override
    public long nextLong() {
        if (position + Long.BYTES > BUFFER) {
            try {
                cipher.update(zeros, 0, BUFFER, buffer, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("AES-CTR keystream buffer too small", e);
            }
            position = 0;
        }
        long v = (long) LONGS.get(buffer, position);
        position += Long.BYTES;
        return v;
    }
}
