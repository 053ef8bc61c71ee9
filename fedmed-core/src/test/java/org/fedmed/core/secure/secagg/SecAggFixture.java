package org.fedmed.core.secure.secagg;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.site.SecureSite;

/**
 * N sites with P-256 signing keys and fixed updates, a coordinator config, and an in-process
 * transport that can drop, tamper with or record messages — the adversary's and the network's hands.
 */
public final class SecAggFixture {

    public final List<String> ids = new ArrayList<>();
    public final Map<String, float[]> deltas = new TreeMap<>();
    public final Map<String, Long> samples = new TreeMap<>();
    public final Map<String, SecureSite> sites = new LinkedHashMap<>();
    public final Map<String, KeyPair> signingKeys = new HashMap<>();
    public final IdentityVerifier verifier;
    public final int values;
    /** Every reply the coordinator received, by step then site (its recorded view). */
    public final Map<String, Map<String, byte[]>> view = new LinkedHashMap<>();
    /** (step, site) → what to do with the request before it reaches the site; null drops the site. */
    BiFunction<String, String, Boolean> drop = (step, site) -> false;
    /** Rewrites a site's reply before the coordinator sees it. */
    TriFunction replyTamper = (step, site, bytes) -> bytes;
    /** Rewrites a request before the site sees it. */
    TriFunction requestTamper = (step, site, bytes) -> bytes;

    interface TriFunction {
        byte[] apply(String step, String site, byte[] bytes);
    }

    public SecAggFixture(int n, int values, long seed) {
        this.values = values;
        Random r = new Random(seed);
        Map<String, PublicKey> pub = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("site-%03d", i + 1);
            ids.add(id);
            float[] d = new float[values];
            for (int j = 0; j < values; j++) {
                d[j] = (float) (r.nextGaussian() * 0.3);
            }
            deltas.put(id, d);
            samples.put(id, 20L + r.nextInt(200));
            KeyPair kp = ecKey();
            signingKeys.put(id, kp);
            pub.put(id, kp.getPublic());
        }
        verifier = IdentityVerifier.knownKeys(pub);
        for (String id : ids) {
            SiteClient inner = fixedSite(id, deltas.get(id), samples.get(id));
            SiteIdentity identity = new SiteIdentity(id, signingKeys.get(id).getPrivate(), signingKeys.get(id).getPublic().getEncoded());
            sites.put(id, new SecureSite(inner, identity, verifier, new SecureRandom(), null));
        }
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SiteClient fixedSite(String id, float[] delta, long samples) {
        return new SiteClient() {
            public String siteId() {
                return id;
            }

            public SiteUpdate fit(FitInstructions in) {
                ModelWeights w = in.globalWeights().withValues(delta.clone());
                return new SiteUpdate(id, in.round(), w, samples, Map.of(SiteUpdate.TRAIN_LOSS, 0.5), true);
            }

            public SiteEvaluation evaluate(EvaluateInstructions in) {
                throw new UnsupportedOperationException();
            }
        };
    }

    public ModelWeights zeros() {
        return ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {values})));
    }

    SecAggConfig config(int round, SecAggParameters params, boolean weighted, double range) {
        byte[] session = new byte[SecAggConfig.SESSION_BYTES];
        new SecureRandom().nextBytes(session);
        SecureInput input = SecureInput.forRound(values, weighted, range, ids.size(), 1000, 0);
        return new SecAggConfig(session, round, ids, params, 12345L + round, input, 0);
    }

    /** Trains every site for the round (each keeps its update) and checks they answer sealed. */
    void train(int round) {
        for (SecureSite s : sites.values()) {
            SiteUpdate u = s.fit(new FitInstructions(round, zeros(), org.fedmed.core.training.TrainingConfig.defaults(),
                    org.fedmed.core.aggregate.SitePlan.none(), true));
            if (!u.isSealed()) {
                throw new AssertionError("site " + s.siteId() + " sent something other than a sealed acknowledgement");
            }
        }
    }

    SecureTransport transport() {
        return (step, requests, failures) -> {
            Map<String, byte[]> out = new TreeMap<>();
            for (var e : requests.entrySet()) {
                String site = e.getKey();
                if (drop.apply(step, site)) {
                    failures.put(site, "unreachable (test dropout)");
                    continue;
                }
                try {
                    byte[] reply = sites.get(site).secureStep(requestTamper.apply(step, site, e.getValue()));
                    reply = replyTamper.apply(step, site, reply);
                    view.computeIfAbsent(step, k -> new TreeMap<>()).put(site, reply);
                    out.put(site, reply);
                } catch (SecureStepException | IllegalArgumentException ex) {
                    failures.put(site, ex.getMessage());
                }
            }
            return out;
        };
    }

    /** The clear weighted mean (weighted) or sum of the updates L2-clipped to the range (uniform) over the given sites. */
    double[] clear(List<String> over, boolean weighted, SecureInput input) {
        double[] out = new double[values];
        double wsum = 0;
        for (String s : over) {
            double w = input.weightOf(samples.get(s));
            if (!weighted) {
                double norm = 0;
                for (float v : deltas.get(s)) {
                    norm += (double) v * v;
                }
                w = Math.min(1, input.range() / Math.sqrt(norm));
            }
            wsum += w;
            for (int i = 0; i < values; i++) {
                out[i] += w * deltas.get(s)[i];
            }
        }
        if (weighted) {
            for (int i = 0; i < values; i++) {
                out[i] /= wsum;
            }
        }
        return out;
    }
}
