package org.fedmed.core.secure.paillier;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.fedmed.core.secure.ConditionalRounding;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.paillier.PaillierMessage.Ciphertexts;
import org.fedmed.core.secure.paillier.PaillierMessage.DecryptRequest;
import org.fedmed.core.secure.paillier.PaillierMessage.PartialDecryption;
import org.fedmed.core.secure.paillier.PaillierMessage.Setup;

/**
 * One site's side of a Paillier round: encrypt its quantized update under the federation's public
 * key, then give one partial decryption under its key share — of a product it computed itself from
 * at least t sites' signed ciphertexts, once per round.
 */
public final class PaillierSiteSession {

    private enum State { NEW, ENCRYPTED, DONE }

    private final SiteIdentity me;
    private final IdentityVerifier verifier;
    private final PaillierKeyShare key;
    private final SecureRandom random;
    private Setup setup;
    private State state = State.NEW;

    public PaillierSiteSession(SiteIdentity me, IdentityVerifier verifier, PaillierKeyShare key, SecureRandom random) {
        if (key == null) {
            throw new SecureStepException("paillier_encrypt", "paillier: site " + me.siteId()
                    + " holds no Paillier key share (provision the federation with Paillier keys)");
        }
        this.me = me;
        this.verifier = verifier;
        this.key = key;
        this.random = random;
    }

    /** The packing both sides derive from the round's encoding: every value in [−M, M], up to {@code sites} summed. */
    public static PaillierPacking packing(SecureInput input, int sites, PaillierPublicKey key) {
        long maxAbs = input.weighted() ? input.quantizer().maxLevel()
                : (long) Math.ceil(ConditionalRounding.of(input.range(), input.scale(), input.values()).normBound());
        return PaillierPacking.of(maxAbs, sites, key);
    }

    public Ciphertexts encrypt(Setup s, int[] quantized) {
        return encrypt(s, quantized, null);
    }

    /**
     * As {@link #encrypt(Setup, int[])}, taking the r^n values from {@code precomputed} (filled while
     * the site trained) and computing only what it lacks; null computes them all here.
     */
    public Ciphertexts encrypt(Setup s, int[] quantized, RandomnessPool precomputed) {
        if (state != State.NEW) {
            throw refuse(s.round(), "paillier_encrypt", "refuses step paillier_encrypt: it arrived twice");
        }
        if (!s.participants().contains(me.siteId())) {
            throw refuse(s.round(), "paillier_encrypt", "is not among the round's participants");
        }
        if (s.threshold() != key.threshold()) {
            throw refuse(s.round(), "paillier_encrypt", "was told the threshold is " + s.threshold() + " but its key share is for t="
                    + key.threshold());
        }
        PaillierPacking packing = packing(s.input(), s.participants().size(), key.publicKey());
        EncryptedVector vector;
        if (precomputed != null && precomputed.key().equals(key.publicKey())) {
            precomputed.close(); // stop filling; what is ready is used, a shortfall is computed inline
            vector = new PaillierSiteEncoder(packing, precomputed).encodeRing(quantized, SecureInput.RING);
        } else {
            try (RandomnessPool pool = new RandomnessPool(key.publicKey(), random, packing.plaintexts(quantized.length))) {
                pool.precompute(packing.plaintexts(quantized.length));
                vector = new PaillierSiteEncoder(packing, pool).encodeRing(quantized, SecureInput.RING);
            }
        }
        setup = s;
        state = State.ENCRYPTED;
        Ciphertexts unsigned = new Ciphertexts(me.siteId(), s.round(), vector, me.credential(), new byte[0]);
        return new Ciphertexts(me.siteId(), s.round(), vector, me.credential(),
                me.sign(PaillierCodec.toBeSigned(s.session(), unsigned)));
    }

    public PartialDecryption decrypt(DecryptRequest d) {
        if (state != State.ENCRYPTED) {
            throw refuse(d.round(), "paillier_decrypt", "refuses step paillier_decrypt: it arrived out of order or twice");
        }
        if (d.round() != setup.round()) {
            throw refuse(d.round(), "paillier_decrypt", "refuses a message for round " + d.round() + " (replayed or stale)");
        }
        Set<String> seen = new HashSet<>();
        PaillierSum sum = new PaillierSum(key.publicKey());
        for (Ciphertexts c : d.contributions()) {
            if (!setup.participants().contains(c.site()) || !seen.add(c.site()) || c.round() != setup.round()) {
                throw refuse(d.round(), "paillier_decrypt", "was sent a contribution of site " + c.site()
                        + " that is outside the round, repeated or from another round");
            }
            PublicKey signer = verifier.verifiedKey(c.site(), c.credential());
            if (!Signatures.verify(signer, PaillierCodec.toBeSigned(setup.session(), c), c.signature())) {
                throw refuse(d.round(), "paillier_decrypt", "found an invalid signature on the ciphertexts of site " + c.site()
                        + " (forged or tampered)");
            }
            sum.add(c.vector());
        }
        if (seen.size() < key.threshold()) {
            throw refuse(d.round(), "paillier_decrypt", "refuses to decrypt a sum of " + seen.size()
                    + " sites: at least t=" + key.threshold() + " must contribute (a smaller sum could be one site's update)");
        }
        state = State.DONE;
        DecryptionShare share = key.decryptionShare(sum.result());
        PartialDecryption unsigned = new PartialDecryption(me.siteId(), d.round(), share, new byte[0]);
        return new PartialDecryption(me.siteId(), d.round(), share, me.sign(PaillierCodec.toBeSigned(setup.session(), unsigned)));
    }

    public void abort() {
        state = State.DONE;
    }

    private SecureStepException refuse(int round, String step, String what) {
        return new SecureStepException(step, "paillier: site " + me.siteId() + " round " + round + " " + step + ": " + what);
    }
}
