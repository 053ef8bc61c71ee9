package org.fedmed.bench.secure;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fedmed.core.secure.paillier.DecryptionShare;
import org.fedmed.core.secure.paillier.EncryptedVector;
import org.fedmed.core.secure.paillier.PaillierKeys;
import org.fedmed.core.secure.paillier.PaillierPacking;
import org.fedmed.core.secure.paillier.PaillierPrivateKey;
import org.fedmed.core.secure.paillier.PaillierPublicKey;
import org.fedmed.core.secure.paillier.PaillierSiteEncoder;
import org.fedmed.core.secure.paillier.PaillierSum;
import org.fedmed.core.secure.paillier.RandomnessPool;
import org.fedmed.core.secure.paillier.ThresholdDealer;
import org.fedmed.core.secure.paillier.ThresholdDecryption;
import org.fedmed.core.secure.paillier.ThresholdKeys;

/**
 * Paillier aggregation speed on the calling thread (one core), at 2048-bit keys by default:
 * <ol>
 *   <li>encryption throughput with precomputed randomness (r^n mod n^2 taken from a
 *       {@link RandomnessPool} filled beforehand: one multiplication per ciphertext) and with the
 *       randomness computed inline (one exponentiation mod n^2 per ciphertext);</li>
 *   <li>packed vs one value per ciphertext for the same N values: one site's encryption (randomness
 *       inline, so the whole cost is counted), the coordinator's sum over the other sites (S - 1
 *       multiplications per ciphertext) and CRT decryption with unpacking. The packed run is measured on
 *       all N values; the unpacked one on a sample and scaled to N (the output says so);</li>
 *   <li>threshold mode: dealing a t-of-S key from safe primes, one site's decryption shares and the
 *       combination of t + 1 shares (checked), measured on a few ciphertexts and scaled to the vector.</li>
 * </ol>
 *
 * <pre>
 * fedmed bench paillier [--params N=100000] [--sites S=10] [--threshold t=S/2+1] [--max-abs M=32767]
 *                       [--bits 2048] [--sample K=200] [--encryptions E=256]
 * </pre>
 */
public final class PaillierBenchmark {

    /** rust-paillier's published figure: 7.1 ms per 2048-bit encryption with CRT (about 140 per second). */
    private static final double RUST_PAILLIER_MS = 7.1;

    private PaillierBenchmark() {
    }

    public static void main(String[] args) {
        int params = 100_000;
        int sites = 10;
        int threshold = -1;
        long maxAbs = 32_767;
        int bits = 2048;
        int sample = 200;
        int encryptions = 256;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--params" -> params = Integer.parseInt(require(args[i], value));
                case "--sites" -> sites = Integer.parseInt(require(args[i], value));
                case "--threshold" -> threshold = Integer.parseInt(require(args[i], value));
                case "--max-abs" -> maxAbs = Long.parseLong(require(args[i], value));
                case "--bits" -> bits = Integer.parseInt(require(args[i], value));
                case "--sample" -> sample = Integer.parseInt(require(args[i], value));
                case "--encryptions" -> encryptions = Integer.parseInt(require(args[i], value));
                default -> throw new IllegalArgumentException("paillier bench: unknown argument '" + args[i]
                    + "' (--params, --sites, --threshold, --max-abs, --bits, --sample, --encryptions)");
            }
            i++;
        }
        if (threshold < 0) {
            threshold = sites / 2 + 1;
        }
        if (params < 1 || sites < 2 || sample < 1 || encryptions < 8) {
            throw new IllegalArgumentException("paillier bench: --params and --sample must be >= 1, --sites >= 2, --encryptions >= 8");
        }
        run(params, sites, threshold, maxAbs, bits, Math.min(sample, params), encryptions);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException("paillier bench: " + option + " needs a value");
        }
        return value;
    }

    private static void run(int params, int sites, int threshold, long maxAbs, int bits, int sample, int encryptions) {
        SecureRandom random = new SecureRandom();
        System.out.printf(Locale.ROOT, "java %s, %d processors (this benchmark uses one thread); %d-bit keys, N=%d values in [-%d, %d], "
            + "%d sites, threshold %d%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), bits, params,
            maxAbs, maxAbs, sites, threshold);

        long t0 = System.nanoTime();
        PaillierPrivateKey key = bits >= PaillierKeys.MIN_BITS ? PaillierKeys.generate(bits, random)
            : PaillierKeys.generateUnchecked(bits, random);
        PaillierPublicKey pub = key.publicKey();
        System.out.printf(Locale.ROOT, "key generation (two random %d-bit primes): %.2f s%n", bits / 2, seconds(t0));

        throughput(pub, random, encryptions);
        long[][] sums = packedVersusUnpacked(key, random, params, sites, maxAbs, sample);
        thresholdDecryption(bits, sites, threshold, maxAbs, params, random, sums);
    }

    private static void throughput(PaillierPublicKey pub, SecureRandom random, int encryptions) {
        BigInteger[] plaintexts = new BigInteger[encryptions];
        for (int i = 0; i < encryptions; i++) {
            plaintexts[i] = new BigInteger(pub.bits() - 1, random); // full-size, as a packed plaintext is
        }
        int inline = Math.max(8, encryptions / 4);
        // Warm-up until the JIT has compiled BigInteger's Montgomery and multiply paths: the first modPow calls
        // run 2-3 times slower. Ciphertexts made here are thrown away.
        for (int i = 0; i < 16; i++) {
            pub.encrypt(plaintexts[i % encryptions], random);
        }
        BigInteger x = pub.encrypt(plaintexts[0], random);
        for (int i = 0; i < 5000; i++) {
            x = pub.add(x, x); // the same multiply-and-reduce mod n^2 as an encryption with a precomputed r^n
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < inline; i++) {
            pub.encrypt(plaintexts[i], random);
        }
        double inlineSeconds = seconds(t0);

        try (RandomnessPool pool = new RandomnessPool(pub, random, encryptions + 32)) {
            t0 = System.nanoTime();
            pool.precompute(encryptions + 32);
            double fillSeconds = seconds(t0);
            for (int i = 0; i < 32; i++) { // warm-up of encrypt itself; these pool values are used once and discarded
                pub.encrypt(plaintexts[i % encryptions], pool.take());
            }
            t0 = System.nanoTime();
            for (int i = 0; i < encryptions; i++) {
                pub.encrypt(plaintexts[i], pool.take());
            }
            double pooledSeconds = seconds(t0);
            if (pool.misses() != 0) {
                throw new IllegalStateException("paillier bench: the pool ran dry, the figure would mix in inline encryptions");
            }
            System.out.printf(Locale.ROOT, "encryptions_per_second=%.0f (precomputed randomness: %d encryptions, %.3f ms each; "
                    + "rust-paillier published %.1f ms = %.0f per second with CRT; goal >= 140)%n",
                encryptions / pooledSeconds, encryptions, 1e3 * pooledSeconds / encryptions, RUST_PAILLIER_MS, 1e3 / RUST_PAILLIER_MS);
            System.out.printf(Locale.ROOT, "encryptions_per_second_inline=%.1f (randomness r^n mod n^2 computed per encryption: %d "
                + "encryptions, %.2f ms each)%n", inline / inlineSeconds, inline, 1e3 * inlineSeconds / inline);
            System.out.printf(Locale.ROOT, "precomputation: %.2f ms per r^n (%d computed in %.2f s); the pool moves this cost off the "
                    + "critical path (e.g. during training), it does not remove it%n",
                1e3 * fillSeconds / (encryptions + 32), encryptions + 32, fillSeconds);
        }
    }

    /** Returns the plain per-site vectors' sum and one site's vector, for the threshold check. */
    private static long[][] packedVersusUnpacked(PaillierPrivateKey key, SecureRandom random, int params, int sites, long maxAbs,
                                                 int sample) {
        PaillierPublicKey pub = key.publicKey();
        SplittableRandom data = new SplittableRandom(42); // benchmark data, not key material
        long[] values = new long[params];
        for (int i = 0; i < params; i++) {
            values[i] = data.nextLong(-maxAbs, maxAbs + 1);
        }
        PaillierPacking packing = PaillierPacking.of(maxAbs, sites, pub);
        System.out.printf(Locale.ROOT, "packing: %d value bits + %d headroom bits = %d-bit slots, %d values per ciphertext, "
                + "%d ciphertexts for N=%d%n", packing.valueBits(), packing.headroomBits(), packing.slotBits(),
            packing.slotsPerPlaintext(), packing.plaintexts(params), params);

        // Unpacked, first half of the sample; the second half runs after the packed run, so that a drift in the
        // machine's speed (JIT, other load on a shared VM) does not favour either side.
        double[] unpacked = new double[3];
        BigInteger warm = pub.encrypt(BigInteger.ONE, random);
        for (int i = 0; i < 32; i++) { // warm-up of CRT decryption, which has not run yet
            key.decrypt(warm);
        }
        unpackedSample(key, random, values, 0, sample / 2, sites, maxAbs, unpacked);
        // Packed: one site's vector encrypted (randomness inline: a pool of capacity 1 that is never filled).
        long[] t = new long[4];
        EncryptedVector mine;
        t[0] = System.nanoTime();
        try (RandomnessPool inline = new RandomnessPool(pub, random, 1)) {
            mine = new PaillierSiteEncoder(packing, inline).encode(values);
        }
        t[1] = System.nanoTime();
        PaillierSum sum = new PaillierSum(pub);
        for (int s = 0; s < sites; s++) {
            sum.add(mine); // the same vector S times: the coordinator's work is S - 1 multiplications per ciphertext
        }
        EncryptedVector total = sum.result();
        t[2] = System.nanoTime();
        long[] decrypted = packing.unpackSum(key.decrypt(total), params, sites);
        t[3] = System.nanoTime();
        for (int i = 0; i < params; i++) {
            if (decrypted[i] != sites * values[i]) {
                throw new IllegalStateException("paillier bench: packed sum wrong at value " + i);
            }
        }
        double packedSeconds = (t[3] - t[0]) / 1e9;
        System.out.printf(Locale.ROOT, "packed   N=%d: encrypt %.2f s, aggregate %d sites %.3f s, decrypt+unpack %.2f s, total %.2f s "
                + "(sum checked)%n", params, (t[1] - t[0]) / 1e9, sites, (t[2] - t[1]) / 1e9, (t[3] - t[2]) / 1e9, packedSeconds);

        unpackedSample(key, random, values, sample / 2, sample, sites, maxAbs, unpacked);
        double scale = (double) params / sample;
        double unpackedSeconds = (unpacked[0] + unpacked[1] + unpacked[2]) * scale;
        System.out.printf(Locale.ROOT, "unpacked N=%d: EXTRAPOLATED from a measured sample of %d values (half before, half after the "
                + "packed run) x %.0f: encrypt %.1f s, aggregate %.2f s, decrypt %.1f s, total %.1f s%n", params, sample, scale,
            unpacked[0] * scale, unpacked[1] * scale, unpacked[2] * scale, unpackedSeconds);
        System.out.printf(Locale.ROOT, "packed_speedup=%.1f (unpacked / packed time for encrypt + aggregate + decrypt of the same "
            + "%d values; unpacked extrapolated from %d; goal >= 50; %d values per ciphertext is the ratio when per-ciphertext work dominates)%n", unpackedSeconds / packedSeconds,
            params, sample, packing.slotsPerPlaintext());
        return new long[][] {values};
    }

    /** One value (offset by M) per ciphertext for values[from, to): adds encrypt, aggregate, decrypt seconds to {@code times}. */
    private static void unpackedSample(PaillierPrivateKey key, SecureRandom random, long[] values, int from, int to, int sites,
                                       long maxAbs, double[] times) {
        PaillierPublicKey pub = key.publicKey();
        BigInteger offset = BigInteger.valueOf(maxAbs);
        int count = to - from;
        long t0 = System.nanoTime();
        BigInteger[] cs = new BigInteger[count];
        for (int i = 0; i < count; i++) {
            cs[i] = pub.encrypt(BigInteger.valueOf(values[from + i]).add(offset), random);
        }
        long t1 = System.nanoTime();
        BigInteger[] acc = Arrays.copyOf(cs, count);
        for (int s = 1; s < sites; s++) {
            for (int i = 0; i < count; i++) {
                acc[i] = pub.add(acc[i], cs[i]);
            }
        }
        long t2 = System.nanoTime();
        BigInteger siteOffset = offset.multiply(BigInteger.valueOf(sites));
        for (int i = 0; i < count; i++) {
            if (key.decrypt(acc[i]).subtract(siteOffset).longValueExact() != sites * values[from + i]) {
                throw new IllegalStateException("paillier bench: unpacked sum wrong at value " + (from + i));
            }
        }
        long t3 = System.nanoTime();
        times[0] += (t1 - t0) / 1e9;
        times[1] += (t2 - t1) / 1e9;
        times[2] += (t3 - t2) / 1e9;
    }

    private static void thresholdDecryption(int bits, int sites, int threshold, long maxAbs, int params, SecureRandom random,
                                            long[][] data) {
        long t0 = System.nanoTime();
        ThresholdKeys keys = bits >= PaillierKeys.MIN_BITS ? ThresholdDealer.deal(bits, threshold, sites, random)
            : ThresholdDealer.dealUnchecked(bits, threshold, sites, random);
        System.out.printf(Locale.ROOT, "threshold key dealing (%d of %d, two %d-bit safe primes): %.2f s%n", threshold, sites, bits / 2,
            seconds(t0));
        PaillierPublicKey pub = keys.publicKey();
        PaillierPacking packing = PaillierPacking.of(maxAbs, sites, pub);
        int ciphertexts = 4;
        int length = Math.min(params, ciphertexts * packing.slotsPerPlaintext());
        long[] values = Arrays.copyOf(data[0], length);
        PaillierSum sum = new PaillierSum(pub);
        try (RandomnessPool pool = new RandomnessPool(pub, random, 1)) {
            PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
            for (int s = 0; s < sites; s++) {
                sum.add(encoder.encode(values));
            }
        }
        EncryptedVector total = sum.result();
        int measured = total.ciphertexts().size();
        List<DecryptionShare> shares = new ArrayList<>();
        t0 = System.nanoTime();
        shares.add(keys.shares().get(0).decryptionShare(total));
        double shareSeconds = seconds(t0) / measured;
        for (int i = 1; i <= threshold && i < sites; i++) {
            shares.add(keys.shares().get(i).decryptionShare(total));
        }
        ThresholdDecryption decryption = keys.decryption();
        t0 = System.nanoTime();
        long[] exact = decryption.decryptSum(shares.subList(0, threshold), total, packing);
        double combineExact = seconds(t0) / measured;
        t0 = System.nanoTime();
        long[] checked = decryption.decryptSum(shares, total, packing);
        double combineChecked = seconds(t0) / measured;
        for (int i = 0; i < length; i++) {
            if (exact[i] != sites * values[i] || checked[i] != exact[i]) {
                throw new IllegalStateException("paillier bench: threshold sum wrong at value " + i);
            }
        }
        int vector = packing.plaintexts(params);
        System.out.printf(Locale.ROOT, "threshold decryption per ciphertext (measured on %d): one site's share %.1f ms, combining %d "
                + "shares %.1f ms, %d shares (cross-checked) %.1f ms (sum checked)%n", measured, 1e3 * shareSeconds, threshold,
            1e3 * combineExact, shares.size(), 1e3 * combineChecked);
        System.out.printf(Locale.ROOT, "threshold_decrypt_seconds=%.1f for N=%d (%d ciphertexts; EXTRAPOLATED: sites compute shares "
                + "in parallel, %.1f s each, then the %d-share checked combination %.1f s)%n",
            vector * (shareSeconds + combineChecked), params, vector, vector * shareSeconds, shares.size(), vector * combineChecked);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
