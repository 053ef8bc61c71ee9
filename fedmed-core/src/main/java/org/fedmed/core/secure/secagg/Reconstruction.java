package org.fedmed.core.secure.secagg;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.fedmed.core.secure.MaskStream;
import org.fedmed.core.secure.PairwiseKeys;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.ShamirSharing;
import org.fedmed.core.secure.Share;
import org.fedmed.core.secure.secagg.SecAggMessage.EncryptedShares;
import org.fedmed.core.secure.secagg.SecAggMessage.KeyAdvertisement;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskShares;

/**
 * The last step at the coordinator: rebuild each survivor's self-mask seed and each dropped site's
 * mask key from the neighbours' shares, check each against what the site committed to (SHA-256(b),
 * the advertised public key), and remove the masks from the sum. A secret with fewer than t shares
 * aborts the round; a secret that does not match its commitment is rebuilt leaving one share out at
 * a time: the site whose share was tampered with is named and its share left out.
 */
final class Reconstruction {

    /** X25519's base point u = 9 (RFC 7748 §4.1): agreement with it yields a key's public value. */
    private static final byte[] BASE_POINT = new byte[PairwiseKeys.KEY_BYTES];

    static {
        BASE_POINT[0] = 9;
    }

    private final SecAggConfig config;
    private final CommunicationGraph graph;
    private final Map<String, KeyAdvertisement> keys;
    private final Map<String, EncryptedShares> shared;
    private final Map<String, SortedMap<String, byte[]>> inboxes;
    private final Map<String, UnmaskShares> answers;
    private final ShamirSharing sharing;
    private final List<String> tampering = new ArrayList<>();

    Reconstruction(SecAggConfig config, CommunicationGraph graph, Map<String, KeyAdvertisement> keys,
                   Map<String, EncryptedShares> shared, Map<String, SortedMap<String, byte[]>> inboxes,
                   Map<String, UnmaskShares> answers) {
        this.config = config;
        this.graph = graph;
        this.keys = keys;
        this.shared = shared;
        this.inboxes = inboxes;
        this.answers = answers;
        this.sharing = new ShamirSharing(config.threshold(), config.participants().size());
    }

    /**
     * Removes every mask from {@code sum}, the modular sum of the survivors' masked inputs: all the
     * seeds are rebuilt first, then their streams are removed in one pass ({@link MaskStream#combineAll}).
     */
    void unmask(int[] sum, List<String> survivors) {
        List<byte[]> seeds = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        for (String s : survivors) {
            byte[] seed = rebuild(s, true, secret -> Arrays.equals(SelfMask.commitment(secret), shared.get(s).selfMaskCommitment()));
            seeds.add(SelfMask.expandable(seed));
            signs.add(-1);
        }
        for (String d : shared.keySet()) {
            if (survivors.contains(d)) {
                continue;
            }
            boolean used = survivors.stream().anyMatch(s -> inboxes.get(s).containsKey(d));
            if (!used) {
                continue; // nobody masked with d: nothing to remove, nothing to reveal
            }
            byte[] scalar = rebuild(d, false, secret -> Arrays.equals(publicValue(secret), keys.get(d).maskKey()));
            PrivateKey key = PairwiseKeys.privateKey(scalar);
            for (String s : survivors) {
                if (!inboxes.get(s).containsKey(d)) {
                    continue;
                }
                PublicKey peer = PairwiseKeys.publicKey(keys.get(s).maskKey());
                seeds.add(PairwiseKeys.pairwiseSeed(key, peer, d, s, config.round()));
                // s added +PRG(s_sd) if s < d, else subtracted it: remove what it added.
                signs.add(s.compareTo(d) < 0 ? -1 : 1);
            }
            Arrays.fill(scalar, (byte) 0);
        }
        MaskStream.combineAll(sum, seeds, signs.stream().mapToInt(Integer::intValue).toArray(), SecureInput.RING);
        seeds.forEach(seed -> Arrays.fill(seed, (byte) 0));
    }

    /** Shares found tampered with (and left out) while rebuilding, naming the site. */
    List<String> tampering() {
        return tampering;
    }

    private byte[] rebuild(String owner, boolean selfMask, java.util.function.Predicate<byte[]> matches) {
        List<Share> shares = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        for (String holder : graph.neighbours(owner)) {
            UnmaskShares u = answers.get(holder);
            byte[] b = u == null ? null : (selfMask ? u.selfMaskShares() : u.maskKeyShares()).get(owner);
            if (b != null) {
                shares.add(ShareBytes.decode(graph.shareIndex(holder), b));
                holders.add(holder);
            }
        }
        String what = selfMask ? "the self mask of surviving site " : "the mask key of dropped site ";
        if (shares.size() < config.threshold()) {
            throw new SecureStepException("reconstruct", "secure aggregation round " + config.round() + " aborted: "
                    + what + owner + " has " + shares.size() + " shares, fewer than t=" + config.threshold()
                    + "; nothing was unmasked");
        }
        byte[] secret = combine(shares.subList(0, config.threshold()));
        if (secret != null && matches.test(secret)) {
            return secret;
        }
        for (int skip = 0; skip < shares.size() && shares.size() > config.threshold(); skip++) {
            List<Share> rest = new ArrayList<>(shares);
            rest.remove(skip);
            byte[] candidate = combine(rest.subList(0, config.threshold()));
            if (candidate != null && matches.test(candidate)) {
                tampering.add("round " + config.round() + " unmask: site " + holders.get(skip) + " sent a tampered share of "
                        + what + owner + "; rebuilt from the other shares");
                return candidate;
            }
        }
        throw new SecureStepException("reconstruct", "secure aggregation round " + config.round() + ": the shares of "
                + what + owner + " do not match its commitment (tampered shares from " + holders + ")");
    }

    private byte[] combine(List<Share> shares) {
        try {
            return sharing.combine(shares);
        } catch (IllegalArgumentException e) {
            return null; // inconsistent shares: reported by the caller
        }
    }

    private static byte[] publicValue(byte[] scalar) {
        try {
            return PairwiseKeys.sharedSecret(PairwiseKeys.privateKey(scalar), PairwiseKeys.publicKey(BASE_POINT));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
