package org.fedmed.core.secure.site;

import java.security.SecureRandom;
import java.util.Objects;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.CtrRandom;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.paillier.PaillierCodec;
import org.fedmed.core.secure.paillier.PaillierKeyShare;
import org.fedmed.core.secure.paillier.PaillierMessage;
import org.fedmed.core.secure.paillier.PaillierSiteSession;
import org.fedmed.core.secure.paillier.RandomnessPool;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggConfig;
import org.fedmed.core.secure.secagg.SecAggMessage.Abort;
import org.fedmed.core.secure.secagg.SecAggMessage.Ack;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencyRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInputRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.Setup;
import org.fedmed.core.secure.secagg.SecAggMessage.ShareKeysRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskRequest;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.core.secure.secagg.SiteSession;

/**
 * A site that takes part in secure aggregation (SecAgg+ or Paillier, told apart by the first byte
 * of each step): in a secure round it trains, keeps its update, and answers only
 * with a sealed acknowledgement (no weights, no count, no metric); the update leaves the site only
 * quantized, weighted, noised when the round says so, and masked ({@link SiteSession}). The same
 * object serves a simulated hospital and, behind the gRPC {@code SecureStep} call, a deployed node.
 */
public final class SecureSite implements SiteClient {

    /** Adds integer noise of parameter μ per element of {@code values[from, to)} in the ring (the Skellam mechanism). */
    @FunctionalInterface
    public interface RingNoise {
        void add(int[] values, int from, int to, double mu);
    }

    /** What a site keeps between training and the masked-input step. */
    private record Pending(int round, float[] delta, long samples, double loss) {
    }

    private final SiteClient inner;
    private final SiteIdentity identity;
    private final IdentityVerifier verifier;
    private final SecureRandom random;
    private final RingNoise noise;
    private final PaillierKeyShare paillierKey;
    private Pending pending;
    private SiteSession session;
    private PaillierSiteSession paillier;
    private RandomnessPool randomness; // Paillier: r^n values computed in the background while the site trains

    public SecureSite(SiteClient inner, SiteIdentity identity, IdentityVerifier verifier, SecureRandom random, RingNoise noise) {
        this(inner, identity, verifier, random, noise, null);
    }

    /** @param paillierKey this site's threshold Paillier key share, or null when the federation has none */
    public SecureSite(SiteClient inner, SiteIdentity identity, IdentityVerifier verifier, SecureRandom random, RingNoise noise,
                      PaillierKeyShare paillierKey) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.identity = Objects.requireNonNull(identity, "identity");
        if (!identity.siteId().equals(inner.siteId())) {
            throw new IllegalArgumentException("site " + inner.siteId() + " holds the signing key of " + identity.siteId());
        }
        this.verifier = verifier;
        this.random = random;
        this.noise = noise;
        this.paillierKey = paillierKey;
    }

    @Override
    public String siteId() {
        return inner.siteId();
    }

    @Override
    public ControlVariate controlVariate() {
        return inner.controlVariate();
    }

    @Override
    public synchronized SiteUpdate fit(FitInstructions instructions) {
        if (instructions.secure() && paillierKey != null) {
            startRandomness(instructions.globalWeights().size());
        }
        SiteUpdate u = inner.fit(instructions);
        if (!instructions.secure()) {
            return u;
        }
        ModelWeights delta = u.isDelta() ? u.weights() : u.weights().minus(instructions.globalWeights());
        pending = new Pending(instructions.round(), delta.values(), u.numSamples(), u.metric(SiteUpdate.TRAIN_LOSS, Double.NaN));
        session = null;
        return SiteUpdate.sealed(siteId(), instructions.round());
    }

    @Override
    public synchronized byte[] secureStep(byte[] request) {
        if (PaillierCodec.isPaillier(request)) {
            return paillierStep(PaillierCodec.decode(request));
        }
        SecAggMessage m = SecAggCodec.decode(request);
        SecAggMessage reply;
        if (m instanceof Setup s) {
            if (pending == null || pending.round() != s.round()) {
                throw new SecureStepException("advertise_keys", "secure aggregation: site " + siteId() + " has no update for round "
                        + s.round() + " (it did not train in that round)");
            }
            if (s.config().input().values() != pending.delta().length) {
                throw new SecureStepException("advertise_keys", "secure aggregation: site " + siteId() + " round " + s.round()
                        + ": the round sums " + s.config().input().values() + " values, its update has " + pending.delta().length);
            }
            stopRandomness(); // a SecAgg+ round needs no Paillier randomness
            session = new SiteSession(identity, verifier, s.config(), random);
            reply = session.advertise();
        } else if (m instanceof Abort a) {
            if (session != null) {
                session.abort();
            }
            session = null;
            pending = null;
            Ack unsigned = new Ack(siteId(), a.round(), new byte[0]);
            byte[] sig = identity.sign(SecAggCodec.toBeSigned(sessionId(), unsigned));
            reply = new Ack(siteId(), a.round(), sig);
        } else {
            if (session == null) {
                throw new SecureStepException(m.step(), "secure aggregation: site " + siteId() + " refuses step " + m.step()
                        + " of round " + m.round() + ": no round is in progress");
            }
            if (m instanceof ShareKeysRequest r) {
                reply = session.shareKeys(r);
            } else if (m instanceof MaskedInputRequest r) {
                reply = session.maskedInput(r, encode(session.config()));
            } else if (m instanceof ConsistencyRequest r) {
                reply = session.consistency(r);
            } else if (m instanceof UnmaskRequest r) {
                reply = session.unmask(r);
                pending = null;
            } else {
                throw new SecureStepException(m.step(), "secure aggregation: site " + siteId() + " received a "
                        + m.step() + " reply as a request");
            }
        }
        return SecAggCodec.encode(reply);
    }

    private byte[] paillierStep(PaillierMessage m) {
        if (m instanceof PaillierMessage.Setup s) {
            if (pending == null || pending.round() != s.round()) {
                throw new SecureStepException(s.step(), "paillier: site " + siteId() + " has no update for round " + s.round()
                        + " (it did not train in that round)");
            }
            if (s.input().values() != pending.delta().length) {
                throw new SecureStepException(s.step(), "paillier: site " + siteId() + " round " + s.round() + ": the round sums "
                        + s.input().values() + " values, its update has " + pending.delta().length);
            }
            paillier = new PaillierSiteSession(identity, verifier, paillierKey, random);
            int[] q = s.input().encode(pending.delta(), pending.samples(), pending.loss(), CtrRandom.keyedFrom(random));
            byte[] reply = PaillierCodec.encode(paillier.encrypt(s, q, randomness));
            stopRandomness();
            return reply;
        }
        if (m instanceof PaillierMessage.Abort) {
            stopRandomness();
            if (paillier != null) {
                paillier.abort();
            }
            paillier = null;
            pending = null;
            return PaillierCodec.encode(m);
        }
        if (paillier == null || !(m instanceof PaillierMessage.DecryptRequest d)) {
            throw new SecureStepException(m.step(), "paillier: site " + siteId() + " refuses step " + m.step() + " of round "
                    + m.round() + ": no round is in progress");
        }
        PaillierMessage.PartialDecryption reply = paillier.decrypt(d);
        pending = null;
        return PaillierCodec.encode(reply);
    }

    /**
     * Starts filling a pool of r^n values for this round's encryption while the site trains: about one
     * per 2048/32 parameters (a packed slot is about 32 bits); a shortfall is computed at encryption.
     */
    private void startRandomness(int parameters) {
        stopRandomness();
        int estimate = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(parameters * 32.0 / (paillierKey.publicKey().bits() - 1)) + 2);
        randomness = new RandomnessPool(paillierKey.publicKey(), random, estimate);
        randomness.startBackground();
    }

    private void stopRandomness() {
        if (randomness != null) {
            randomness.close();
            randomness = null;
        }
    }

    private byte[] sessionId() {
        return session == null ? new byte[SecAggConfig.SESSION_BYTES] : session.config().session();
    }

    /** The update quantized (and weighted) by the round's encoding, with this site's share of the noise. */
    private int[] encode(SecAggConfig config) {
        int[] q = config.input().encode(pending.delta(), pending.samples(), pending.loss(), CtrRandom.keyedFrom(random));
        if (config.noiseMu() > 0) {
            if (noise == null) {
                throw new SecureStepException("masked_input", "secure aggregation: site " + siteId()
                        + " has no noise source but the round asks for distributed noise");
            }
            noise.add(q, 0, config.input().values(), config.noiseMu());
        }
        return q;
    }

    @Override
    public SiteEvaluation evaluate(EvaluateInstructions instructions) {
        return inner.evaluate(instructions);
    }
}
