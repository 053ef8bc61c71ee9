package org.fedmed.core.secure.paillier;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.paillier.PaillierMessage.Abort;
import org.fedmed.core.secure.paillier.PaillierMessage.Ciphertexts;
import org.fedmed.core.secure.paillier.PaillierMessage.DecryptRequest;
import org.fedmed.core.secure.paillier.PaillierMessage.PartialDecryption;
import org.fedmed.core.secure.paillier.PaillierMessage.Setup;
import org.fedmed.core.secure.secagg.SecAggSettings;

/**
 * Threshold Paillier as a federation's protection: the coordinator holds only the public key, adds
 * the sites' ciphertexts, and needs t sites' partial decryptions to read the sum. A site that drops
 * after its ciphertexts arrived stays in the sum; fewer than t ciphertexts or decryptions abort the
 * round. Every reply is signed with the site's provisioned key and checked here.
 */
public final class PaillierAggregation implements SecureAggregation {

    private final PaillierPublicKey publicKey;
    private final int threshold;
    private final int keyHolders;
    private final IdentityVerifier verifier;
    private final SecAggSettings settings;
    private final SecureRandom random;

    /**
     * @param threshold  t, the partial decryptions the sum needs (the dealer's)
     * @param keyHolders n, the key shares the dealer made (Δ = n! enters the combination)
     */
    public PaillierAggregation(PaillierPublicKey publicKey, int threshold, int keyHolders, IdentityVerifier verifier,
                               SecAggSettings settings, SecureRandom random) {
        this(publicKey, threshold, keyHolders, verifier, settings, random, true);
        if (publicKey.bits() < PaillierKeys.MIN_BITS) {
            throw new IllegalArgumentException("paillier key of " + publicKey.bits() + " bits is too short: at least "
                    + PaillierKeys.MIN_BITS + " bits");
        }
    }

    private PaillierAggregation(PaillierPublicKey publicKey, int threshold, int keyHolders, IdentityVerifier verifier,
                                SecAggSettings settings, SecureRandom random, boolean checked) {
        this.publicKey = publicKey;
        this.threshold = threshold;
        this.keyHolders = keyHolders;
        this.verifier = verifier;
        this.settings = settings;
        this.random = random;
    }

    /** Any key size: for tests and benchmarks only, never for a study. */
    public static PaillierAggregation unchecked(PaillierPublicKey publicKey, int threshold, int keyHolders, IdentityVerifier verifier,
                                                SecAggSettings settings, SecureRandom random) {
        return new PaillierAggregation(publicKey, threshold, keyHolders, verifier, settings, random, false);
    }

    @Override
    public String name() {
        return "paillier";
    }

    @Override
    public int threshold(int sites) {
        if (threshold > sites) {
            throw new IllegalArgumentException("paillier: threshold t=" + threshold + " is above the " + sites
                    + " sites of the round: the sum could never be decrypted");
        }
        return threshold;
    }

    @Override
    public String describe(int sites) {
        threshold(sites);
        PaillierSiteSession.packing(SecureInput.forRound(1, true, settings.range(), sites, settings.maxWeight(), 0), sites, publicKey);
        return "paillier(" + publicKey.bits() + "-bit key, threshold decryption by t=" + threshold + " sites, range c="
                + settings.range() + ", max weight W=" + (long) settings.maxWeight() + ")";
    }

    @Override
    public SecureRoundResult sum(int round, List<String> sites, int modelSize, SecureInputSpec spec, SecureTransport transport) {
        if (spec.noiseMuUnits() > 0) {
            throw new IllegalArgumentException("distributed DP noise inside a Paillier sum is not built: use secure_aggregation "
                    + "secagg+ with dp_mode distributed, or dp_mode central");
        }
        List<String> sorted = new ArrayList<>(sites);
        Collections.sort(sorted);
        threshold(sorted.size());
        SecureInput input = spec.inputFor(modelSize, settings.range(), sorted.size(), settings.maxWeight());
        PaillierPacking packing = PaillierSiteSession.packing(input, sorted.size(), publicKey);
        byte[] session = new byte[16];
        random.nextBytes(session);
        Map<String, String> dropped = new LinkedHashMap<>();
        long[] bytes = new long[2];
        Map<String, PublicKey> signers = new HashMap<>();

        Setup setup = new Setup(session, round, sorted, threshold, input);
        Map<String, Ciphertexts> received = new TreeMap<>();
        collect(transport, "paillier_encrypt", sorted, s -> setup, dropped, bytes).forEach((s, m) -> {
            if (!(m instanceof Ciphertexts c) || !c.site().equals(s) || c.round() != round) {
                dropped.putIfAbsent(s, "paillier_encrypt: answered with " + m.step() + " (replayed, misrouted or out of step)");
                return;
            }
            try {
                PublicKey k = verifier.verifiedKey(s, c.credential());
                if (!Signatures.verify(k, PaillierCodec.toBeSigned(session, c), c.signature())) {
                    dropped.putIfAbsent(s, "paillier_encrypt: invalid signature (tampered or forged)");
                    return;
                }
                if (c.vector().length() != input.length() || c.vector().ciphertexts().size() != packing.plaintexts(input.length())) {
                    dropped.putIfAbsent(s, "paillier_encrypt: sent " + c.vector().length() + " values, " + input.length() + " expected");
                    return;
                }
                signers.put(s, k);
                received.put(s, c);
            } catch (SecureStepException e) {
                dropped.putIfAbsent(s, "paillier_encrypt: " + e.getMessage());
            }
        });
        List<String> summed = List.copyOf(received.keySet());
        alive(transport, round, summed, "paillier_encrypt", dropped, bytes);
        PaillierSum product = new PaillierSum(publicKey);
        received.values().forEach(c -> product.add(c.vector()));
        EncryptedVector total = product.result();

        DecryptRequest request = new DecryptRequest(round, List.copyOf(received.values()));
        List<DecryptionShare> shares = new ArrayList<>();
        Map<Integer, String> holders = new HashMap<>();
        collect(transport, "paillier_decrypt", summed, s -> request, dropped, bytes).forEach((s, m) -> {
            if (!(m instanceof PartialDecryption p) || !p.site().equals(s) || p.round() != round) {
                dropped.putIfAbsent(s, "paillier_decrypt: answered with " + m.step() + " (replayed, misrouted or out of step)");
            } else if (!Signatures.verify(signers.get(s), PaillierCodec.toBeSigned(session, p), p.signature())) {
                dropped.putIfAbsent(s, "paillier_decrypt: invalid signature (tampered or forged)");
            } else if (holders.putIfAbsent(p.share().index(), s) != null) {
                dropped.putIfAbsent(s, "paillier_decrypt: sent the key share index " + p.share().index() + " of site "
                        + holders.get(p.share().index()));
            } else {
                shares.add(p.share());
            }
        });
        alive(transport, round, new ArrayList<>(holders.values()), "paillier_decrypt", dropped, bytes);
        long[] levels;
        try {
            levels = new ThresholdDecryption(publicKey, threshold, keyHolders).decryptSum(shares, total, packing);
        } catch (TamperedShareException e) {
            List<String> named = e.suspects().stream().map(i -> holders.getOrDefault(i, "key share " + i)).toList();
            throw new SecureStepException("paillier_decrypt", "paillier round " + round + " aborted: the partial decryptions "
                    + "disagree (tampered); suspects: " + named);
        }
        int[] ring = new int[levels.length];
        for (int i = 0; i < levels.length; i++) {
            ring[i] = (int) levels[i];
        }
        return new SecureRoundResult(name(), describe(sorted.size()) + ", " + packing.slotsPerPlaintext() + " values per ciphertext, "
                + input.describe(), sorted.size(), input, input.decode(ring, summed.size()), summed, dropped, List.of(), bytes[0], bytes[1]);
    }

    private Map<String, PaillierMessage> collect(SecureTransport transport, String step, List<String> sites,
                                                 java.util.function.Function<String, PaillierMessage> request,
                                                 Map<String, String> dropped, long[] bytes) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (String s : sites) {
            byte[] b = PaillierCodec.encode(request.apply(s));
            bytes[0] += b.length;
            requests.put(s, b);
        }
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, byte[]> replies = transport.exchange(step, requests, failures);
        failures.forEach((s, why) -> dropped.putIfAbsent(s, step + ": " + why));
        Map<String, PaillierMessage> out = new TreeMap<>();
        for (String s : sites) {
            byte[] b = replies.get(s);
            if (b == null) {
                dropped.putIfAbsent(s, step + ": no answer");
                continue;
            }
            bytes[1] += b.length;
            try {
                out.put(s, PaillierCodec.decode(b));
            } catch (SecureStepException e) {
                dropped.putIfAbsent(s, step + ": " + e.getMessage());
            }
        }
        return out;
    }

    private void alive(SecureTransport transport, int round, List<String> live, String step, Map<String, String> dropped,
                       long[] bytes) {
        if (live.size() >= threshold) {
            return;
        }
        Map<String, byte[]> aborts = new LinkedHashMap<>();
        String why = "only " + live.size() + " sites are left, fewer than the threshold t=" + threshold;
        live.forEach(s -> aborts.put(s, PaillierCodec.encode(new Abort(round, why))));
        transport.exchange("abort", aborts, new HashMap<>());
        throw new SecureStepException(step, "paillier round " + round + " aborted at " + step + ": " + why + "; nothing was decrypted");
    }
}
