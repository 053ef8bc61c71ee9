package org.fedmed.sim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.paillier.PaillierCodec;
import org.fedmed.core.secure.paillier.PaillierKeys;
import org.fedmed.core.secure.paillier.PaillierMessage;
import org.fedmed.core.secure.paillier.ThresholdDealer;
import org.fedmed.core.secure.paillier.ThresholdKeys;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.study.StudyAssembly;

/**
 * Simulated hospitals under secure aggregation: each gets a P-256 signing key, as provisioning
 * issues one to a node, and runs behind the same {@link SecureSite} a deployed node uses. With
 * {@code site_dropout} a fraction of each round's sites vanish right after their masked upload
 * (the hardest point for the protocol: their input is in the sum, their shares are not coming).
 * Under Paillier each simulated site gets a threshold key share from a dealer run once per
 * simulation, as provisioning does for a deployment.
 */
final class SimulatedSecureSites {

    private final SecureAggregation aggregation;
    private final List<SiteClient> sites;

    private SimulatedSecureSites(SecureAggregation aggregation, List<SiteClient> sites) {
        this.aggregation = aggregation;
        this.sites = sites;
    }

    static SimulatedSecureSites wrap(StudyAssembly study, List<SiteClient> plain) {
        Map<String, KeyPair> keys = new HashMap<>();
        Map<String, PublicKey> known = new HashMap<>();
        for (SiteClient s : plain) {
            KeyPair k = signingKey();
            keys.put(s.siteId(), k);
            known.put(s.siteId(), k.getPublic());
        }
        IdentityVerifier verifier = IdentityVerifier.knownKeys(known);
        double vanish = study.spec().secure().siteDropout();
        Map<Integer, Set<String>> vanishing = new ConcurrentHashMap<>();
        boolean paillier = study.spec().secure().protection().equals("paillier");
        // Paillier: the dealer's work, done once per simulation (provisioning does it for a deployment)
        ThresholdKeys dealt = paillier
                ? ThresholdDealer.deal(PaillierKeys.MIN_BITS, study.paillierThreshold(plain.size()), plain.size(), new SecureRandom()) : null;
        List<SiteClient> out = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            SiteClient s = plain.get(i);
            KeyPair k = keys.get(s.siteId());
            SiteClient secure = new SecureSite(s, new SiteIdentity(s.siteId(), k.getPrivate(), k.getPublic().getEncoded()), verifier,
                    new SecureRandom(), study.ringNoise(s.siteId()), dealt == null ? null : dealt.shares().get(i));
            out.add(vanish > 0 ? vanishing(secure, vanish, study.spec().seed(), vanishing) : secure);
        }
        SecureAggregation aggregation = dealt == null ? study.secureAggregation(verifier)
                : study.paillierAggregation(verifier, dealt.publicKey(), dealt.threshold(), dealt.count());
        return new SimulatedSecureSites(aggregation, out);
    }

    SecureAggregation aggregation() {
        return aggregation;
    }

    List<SiteClient> sites() {
        return sites;
    }

    private static KeyPair signingKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys: " + e.getMessage(), e);
        }
    }

    /** Round r's vanishing sites: ⌊F·n + ½⌋ of its participants, drawn from the seed and the round. */
    private static Set<String> vanishers(List<String> participants, int round, double fraction, long seed) {
        List<String> order = new ArrayList<>(participants);
        Collections.shuffle(order, new Random(Seeds.mix(seed, round, 0x76616e69L)));
        return Set.copyOf(order.subList(0, (int) Math.floor(fraction * order.size() + 0.5)));
    }

    private static SiteClient vanishing(SiteClient site, double fraction, long seed, Map<Integer, Set<String>> plan) {
        return SiteClient.withSecureStep(site, request -> {
            int round;
            boolean afterUpload;
            if (PaillierCodec.isPaillier(request)) {
                PaillierMessage m = PaillierCodec.decode(request);
                if (m instanceof PaillierMessage.Setup setup) {
                    plan.computeIfAbsent(setup.round(), r -> vanishers(setup.participants(), r, fraction, seed));
                }
                round = m.round();
                afterUpload = m instanceof PaillierMessage.DecryptRequest;
            } else {
                SecAggMessage m = SecAggCodec.decode(request);
                if (m instanceof SecAggMessage.Setup setup) {
                    plan.computeIfAbsent(setup.round(), r -> vanishers(setup.config().participants(), r, fraction, seed));
                }
                round = m.round();
                afterUpload = m instanceof SecAggMessage.ConsistencyRequest || m instanceof SecAggMessage.UnmaskRequest;
            }
            if (afterUpload && plan.getOrDefault(round, Set.of()).contains(site.siteId())) {
                throw new IllegalStateException("site " + site.siteId() + " vanished after its masked upload (site_dropout)");
            }
            return site.secureStep(request);
        });
    }
}
