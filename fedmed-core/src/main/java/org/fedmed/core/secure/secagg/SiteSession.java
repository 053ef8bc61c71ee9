package org.fedmed.core.secure.secagg;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedmed.core.secure.MaskStream;
import org.fedmed.core.secure.PairwiseKeys;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.ShamirSharing;
import org.fedmed.core.secure.Share;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencyRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencySignature;
import org.fedmed.core.secure.secagg.SecAggMessage.EncryptedShares;
import org.fedmed.core.secure.secagg.SecAggMessage.KeyAdvertisement;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInput;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInputRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.ShareKeysRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskShares;

/**
 * One site's side of one SecAgg+ round, step by step. It checks everything the coordinator sends
 * (steps in order and once each, the round, the peers' signatures, the survivor list it signed) and
 * reveals, for each neighbour, at most one share: of the self-mask seed of a neighbour whose masked
 * input is in the sum, or of the mask key of one that dropped after sharing, never both.
 */
public final class SiteSession {

    private enum State { NEW, ADVERTISED, SHARED, MASKED, SIGNED, DONE }

    private final SiteIdentity me;
    private final IdentityVerifier verifier;
    private final SecAggConfig config;
    private final byte[] session;
    private final SecureRandom random;
    private final SortedSet<String> neighbours;
    private final KeyPair encryption;
    private final KeyPair mask;
    private final Map<String, PublicKey> peerEncryption = new HashMap<>();
    private final Map<String, PublicKey> peerMask = new HashMap<>();
    private final Map<String, PublicKey> peerSigning = new HashMap<>();
    private byte[] selfSeed;
    private SortedMap<String, byte[]> inbox;
    private List<String> signedSurvivors;
    private State state = State.NEW;

    public SiteSession(SiteIdentity me, IdentityVerifier verifier, SecAggConfig config, SecureRandom random) {
        this.me = me;
        this.verifier = verifier;
        this.config = config;
        this.session = config.session();
        this.random = random;
        CommunicationGraph graph = config.graph();
        if (!graph.contains(me.siteId())) {
            throw refuse("advertise_keys", "is not among the round's participants");
        }
        this.neighbours = graph.neighbours(me.siteId());
        this.encryption = PairwiseKeys.generate(random);
        this.mask = PairwiseKeys.generate(random);
    }

    public SecAggConfig config() {
        return config;
    }

    /** Step 0: the two public keys, signed. */
    public KeyAdvertisement advertise() {
        expect(State.NEW, "advertise_keys");
        KeyAdvertisement unsigned = new KeyAdvertisement(me.siteId(), config.round(), PairwiseKeys.encode(encryption.getPublic()),
                PairwiseKeys.encode(mask.getPublic()), me.credential(), new byte[0]);
        state = State.ADVERTISED;
        return new KeyAdvertisement(unsigned.site(), unsigned.round(), unsigned.encryptionKey(), unsigned.maskKey(),
                unsigned.credential(), me.sign(SecAggCodec.toBeSigned(session, unsigned)));
    }

    /** Step 1: checks the neighbours' keys, shares b and the mask key t-of-k among them, encrypted per neighbour. */
    public EncryptedShares shareKeys(ShareKeysRequest request) {
        expect(State.ADVERTISED, "share_keys");
        checkRound(request.round(), "share_keys");
        for (KeyAdvertisement ad : request.peers()) {
            String peer = ad.site();
            if (!neighbours.contains(peer)) {
                throw refuse("share_keys", "was sent the keys of site " + peer + ", which is not its neighbour");
            }
            if (ad.round() != config.round()) {
                throw refuse("share_keys", "was sent keys of site " + peer + " from round " + ad.round() + " (replayed)");
            }
            if (peerSigning.containsKey(peer)) {
                throw refuse("share_keys", "was sent the keys of site " + peer + " twice");
            }
            PublicKey signing = verifier.verifiedKey(peer, ad.credential());
            if (!Signatures.verify(signing, SecAggCodec.toBeSigned(session, ad), ad.signature())) {
                throw refuse("share_keys", "found an invalid signature on the keys of site " + peer + " (forged or tampered)");
            }
            if (Arrays.equals(ad.encryptionKey(), ad.maskKey())) {
                throw refuse("share_keys", "was sent identical encryption and mask keys for site " + peer);
            }
            peerSigning.put(peer, signing);
            peerEncryption.put(peer, PairwiseKeys.publicKey(ad.encryptionKey()));
            peerMask.put(peer, PairwiseKeys.publicKey(ad.maskKey()));
        }
        needNeighbours(peerSigning.size(), "share_keys", "advertised keys");
        selfSeed = new byte[MaskStream.SEED_BYTES];
        random.nextBytes(selfSeed);
        CommunicationGraph graph = config.graph();
        ShamirSharing sharing = new ShamirSharing(config.threshold(), config.participants().size());
        List<Share> seedShares = sharing.split(selfSeed, random);
        List<Share> keyShares = sharing.split(scalar(), random);
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (String peer : peerSigning.keySet()) {
            int x = graph.shareIndex(peer);
            byte[] plain = ByteBuffer.allocate(2 * ShareBytes.LENGTH)
                    .put(ShareBytes.encode(seedShares.get(x - 1))).put(ShareBytes.encode(keyShares.get(x - 1))).array();
            out.put(peer, ShareTransport.seal(encryption.getPrivate(), peerEncryption.get(peer), session, config.round(),
                    me.siteId(), peer, plain, random));
            Arrays.fill(plain, (byte) 0);
        }
        state = State.SHARED;
        return sign(new EncryptedShares(me.siteId(), config.round(), SelfMask.commitment(selfSeed), out, new byte[0]));
    }

    /**
     * Step 2: stores the shares addressed to this site and returns {@code quantized} (the site's
     * encoded update, noise included) masked with b and with ±PRG(s_ij) for every neighbour j that shared.
     */
    public MaskedInput maskedInput(MaskedInputRequest request, int[] quantized) {
        expect(State.SHARED, "masked_input");
        checkRound(request.round(), "masked_input");
        SecureInput input = config.input();
        if (quantized.length != input.length()) {
            throw new IllegalArgumentException("secure aggregation: the encoded update has " + quantized.length
                    + " elements, the round expects " + input.length());
        }
        for (String from : request.inbox().keySet()) {
            if (!peerSigning.containsKey(from)) {
                throw refuse("masked_input", "was sent a share from site " + from + ", which did not advertise keys to it");
            }
        }
        needNeighbours(request.inbox().size(), "masked_input", "sent it their shares");
        inbox = request.inbox();
        int[] y = quantized.clone();
        List<byte[]> seeds = new ArrayList<>();
        int[] signs = new int[inbox.size() + 1];
        seeds.add(SelfMask.expandable(selfSeed));
        signs[0] = 1;
        for (String peer : inbox.keySet()) {
            signs[seeds.size()] = me.siteId().compareTo(peer) < 0 ? 1 : -1;
            seeds.add(PairwiseKeys.pairwiseSeed(mask.getPrivate(), peerMask.get(peer), me.siteId(), peer, config.round()));
        }
        MaskStream.combineAll(y, seeds, signs, SecureInput.RING);
        seeds.forEach(seed -> Arrays.fill(seed, (byte) 0));
        state = State.MASKED;
        return sign(new MaskedInput(me.siteId(), config.round(), y, new byte[0]));
    }

    /** Step 3: signs the list of sites whose masked input arrived, after checking it is plausible. */
    public ConsistencySignature consistency(ConsistencyRequest request) {
        expect(State.MASKED, "consistency");
        checkRound(request.round(), "consistency");
        List<String> survivors = request.survivors();
        if (!survivors.contains(me.siteId()) || new TreeSet<>(survivors).size() != survivors.size()) {
            throw refuse("consistency", "was sent a survivor list that omits it or repeats a site");
        }
        int alive = 0;
        for (String s : survivors) {
            if (neighbours.contains(s)) {
                if (!inbox.containsKey(s)) {
                    throw refuse("consistency", "was told site " + s + " survived, but it never shared keys with it");
                }
                alive++;
            } else if (!s.equals(me.siteId()) && !config.graph().contains(s)) {
                throw refuse("consistency", "was told of a survivor " + s + " outside the round");
            }
        }
        needNeighbours(alive, "consistency", "survived");
        signedSurvivors = List.copyOf(survivors);
        state = State.SIGNED;
        return new ConsistencySignature(me.siteId(), config.round(),
                me.sign(SecAggCodec.survivorsToBeSigned(session, me.siteId(), config.round(), signedSurvivors)));
    }

    /**
     * Step 4: once at least t neighbours (and this site) have signed the same survivor list, one
     * share per neighbour that shared with it: its self-mask share if it survived, its mask-key share if not.
     */
    public UnmaskShares unmask(UnmaskRequest request) {
        expect(State.SIGNED, "unmask");
        checkRound(request.round(), "unmask");
        if (!request.survivors().equals(signedSurvivors)) {
            throw refuse("unmask", "was sent a survivor list other than the one it signed (the coordinator may be "
                    + "asking for both secrets of a site)");
        }
        int valid = 0;
        for (var e : request.signatures().entrySet()) {
            String signer = e.getKey();
            if (signer.equals(me.siteId()) || !neighbours.contains(signer) || !signedSurvivors.contains(signer)) {
                continue; // only neighbours' signatures can be checked here
            }
            byte[] signed = SecAggCodec.survivorsToBeSigned(session, signer, config.round(), signedSurvivors);
            if (!Signatures.verify(peerSigning.get(signer), signed, e.getValue())) {
                throw refuse("unmask", "found an invalid consistency signature from site " + signer);
            }
            valid++;
        }
        needNeighbours(valid, "unmask", "signed the survivor list");
        Set<String> survived = new HashSet<>(signedSurvivors);
        SortedMap<String, byte[]> seedShares = new TreeMap<>();
        SortedMap<String, byte[]> keyShares = new TreeMap<>();
        for (var e : inbox.entrySet()) {
            String peer = e.getKey();
            byte[] plain = ShareTransport.open(encryption.getPrivate(), peerEncryption.get(peer), session, config.round(),
                    peer, me.siteId(), e.getValue());
            if (plain.length != 2 * ShareBytes.LENGTH) {
                throw refuse("unmask", "received a share from site " + peer + " of the wrong length");
            }
            if (survived.contains(peer)) {
                seedShares.put(peer, Arrays.copyOfRange(plain, 0, ShareBytes.LENGTH));
            } else {
                keyShares.put(peer, Arrays.copyOfRange(plain, ShareBytes.LENGTH, 2 * ShareBytes.LENGTH));
            }
            Arrays.fill(plain, (byte) 0);
        }
        state = State.DONE;
        forget();
        return sign(new UnmaskShares(me.siteId(), config.round(), seedShares, keyShares, new byte[0]));
    }

    /** The round ended without a result: secrets are dropped and no later step is answered. */
    public void abort() {
        state = State.DONE;
        forget();
    }

    private void forget() {
        if (selfSeed != null) {
            Arrays.fill(selfSeed, (byte) 0);
        }
    }

    private byte[] scalar() {
        return ((XECPrivateKey) mask.getPrivate()).getScalar()
                .orElseThrow(() -> new IllegalStateException("the JDK did not expose the X25519 scalar"));
    }

    private <R extends SecAggMessage.Reply> R sign(R unsigned) {
        byte[] sig = me.sign(SecAggCodec.toBeSigned(session, unsigned));
        SecAggMessage.Reply signed;
        if (unsigned instanceof EncryptedShares e) {
            signed = new EncryptedShares(e.site(), e.round(), e.selfMaskCommitment(), e.ciphertexts(), sig);
        } else if (unsigned instanceof MaskedInput m) {
            signed = new MaskedInput(m.site(), m.round(), m.values(), sig);
        } else if (unsigned instanceof UnmaskShares u) {
            signed = new UnmaskShares(u.site(), u.round(), u.selfMaskShares(), u.maskKeyShares(), sig);
        } else {
            throw new IllegalArgumentException("not signed here: " + unsigned.step());
        }
        @SuppressWarnings("unchecked")
        R out = (R) signed;
        return out;
    }

    private void needNeighbours(int count, String step, String what) {
        if (count < config.threshold()) {
            throw refuse(step, "aborts: only " + count + " of its " + neighbours.size() + " neighbours " + what
                    + ", fewer than the threshold t=" + config.threshold());
        }
    }

    private void expect(State wanted, String step) {
        if (state != wanted) {
            throw refuse(step, "refuses step " + step + ": it arrived out of order or twice (the site is at "
                    + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    private void checkRound(int round, String step) {
        if (round != config.round()) {
            throw refuse(step, "refuses a message for round " + round + " (replayed or stale)");
        }
    }

    private SecureStepException refuse(String step, String what) {
        return new SecureStepException(step, "secure aggregation: site " + me.siteId() + " round " + config.round() + " "
                + step + ": " + what);
    }
}
