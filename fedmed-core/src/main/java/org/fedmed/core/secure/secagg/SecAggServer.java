package org.fedmed.core.secure.secagg;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.secagg.SecAggMessage.Abort;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencyRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencySignature;
import org.fedmed.core.secure.secagg.SecAggMessage.EncryptedShares;
import org.fedmed.core.secure.secagg.SecAggMessage.KeyAdvertisement;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInput;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInputRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.Reply;
import org.fedmed.core.secure.secagg.SecAggMessage.Setup;
import org.fedmed.core.secure.secagg.SecAggMessage.ShareKeysRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskShares;

/**
 * The coordinator's side of one SecAgg+ round: it relays keys and encrypted shares, collects the
 * masked inputs, has the survivors sign who survived, collects one share per (site, neighbour) and
 * removes the masks. Every reply is checked (signature with the site's verified key, round, step,
 * sender) and a reply that fails is treated as that site dropping out, with the reason. Fewer than
 * t sites at any step, or a secret that cannot be rebuilt, aborts the round: the live sites are told
 * to forget their secrets and the masked inputs already received stay masked.
 */
public final class SecAggServer {

    private final SecAggConfig config;
    private final IdentityVerifier verifier;
    private final byte[] session;
    private final CommunicationGraph graph;
    private final Map<String, String> dropped = new LinkedHashMap<>();
    private final Map<String, Long> bytesTo = new HashMap<>();
    private final Map<String, Long> bytesFrom = new HashMap<>();
    private final Map<String, PublicKey> signing = new HashMap<>();
    private final Map<String, KeyAdvertisement> keys = new TreeMap<>();

    public SecAggServer(SecAggConfig config, IdentityVerifier verifier) {
        this.config = config;
        this.verifier = verifier;
        this.session = config.session();
        this.graph = config.graph();
    }

    public SecAggResult run(SecureTransport transport) {
        List<String> live = config.participants();
        // Step 0: keys.
        Map<String, KeyAdvertisement> ads = collect(transport, "advertise_keys", live, s -> new Setup(config), KeyAdvertisement.class);
        for (var e : ads.entrySet()) {
            PublicKey k = verifierKey(e.getKey(), e.getValue());
            if (k != null) {
                signing.put(e.getKey(), k);
            }
        }
        ads.keySet().retainAll(signing.keySet());
        keys.putAll(ads);
        live = alive(transport, "advertise_keys", ads.keySet());
        // Step 1: shares, encrypted site to site.
        Map<String, EncryptedShares> shared = collect(transport, "share_keys", live, s -> new ShareKeysRequest(config.round(),
                neighboursIn(s, keys.keySet()).stream().map(keys::get).toList()), EncryptedShares.class);
        shared.entrySet().removeIf(e -> !neighboursIn(e.getKey(), keys.keySet()).containsAll(e.getValue().ciphertexts().keySet())
                && drop(e.getKey(), "share_keys", "addressed shares to sites that are not its neighbours"));
        live = alive(transport, "share_keys", shared.keySet());
        // Step 2: masked inputs.
        Map<String, SortedMap<String, byte[]>> inboxes = new HashMap<>();
        for (String s : live) {
            SortedMap<String, byte[]> inbox = new TreeMap<>();
            for (String from : neighboursIn(s, shared.keySet())) {
                byte[] ct = shared.get(from).ciphertexts().get(s);
                if (ct != null) {
                    inbox.put(from, ct);
                }
            }
            inboxes.put(s, inbox);
        }
        Map<String, MaskedInput> masked = collect(transport, "masked_input", live,
                s -> new MaskedInputRequest(config.round(), inboxes.get(s)), MaskedInput.class);
        int length = config.input().length();
        masked.entrySet().removeIf(e -> e.getValue().values().length != length
                && drop(e.getKey(), "masked_input", "sent " + e.getValue().values().length + " values, " + length + " expected"));
        List<String> survivors = alive(transport, "masked_input", masked.keySet());
        // Step 3: the survivors sign who survived (no site can then be told two different stories).
        Map<String, ConsistencySignature> signatures = collect(transport, "consistency", survivors,
                s -> new ConsistencyRequest(config.round(), survivors), ConsistencySignature.class);
        signatures.entrySet().removeIf(e -> !Signatures.verify(signing.get(e.getKey()),
                SecAggCodec.survivorsToBeSigned(session, e.getKey(), config.round(), survivors), e.getValue().signature())
                && drop(e.getKey(), "consistency", "invalid signature on the survivor list"));
        List<String> signers = alive(transport, "consistency", signatures.keySet());
        SortedMap<String, byte[]> proof = new TreeMap<>();
        signatures.forEach((s, sig) -> proof.put(s, sig.signature()));
        // Step 4: one share per neighbour.
        Map<String, UnmaskShares> unmasked = collect(transport, "unmask", signers,
                s -> new UnmaskRequest(config.round(), survivors, proof), UnmaskShares.class);
        for (var e : new ArrayList<>(unmasked.entrySet())) {
            String s = e.getKey();
            UnmaskShares u = e.getValue();
            boolean bad = u.selfMaskShares().keySet().stream().anyMatch(p -> !survivors.contains(p))
                    || u.maskKeyShares().keySet().stream().anyMatch(survivors::contains);
            if (bad) {
                unmasked.remove(s);
                drop(s, "unmask", "revealed a share the survivor list does not call for");
            }
        }
        alive(transport, "unmask", unmasked.keySet());
        int[] sum = new int[length];
        for (String s : survivors) {
            SecureInput.RING.addInPlace(sum, masked.get(s).values());
        }
        Reconstruction rebuild = new Reconstruction(config, graph, keys, shared, inboxes, unmasked);
        rebuild.unmask(sum, survivors);
        return new SecAggResult(sum, survivors, dropped, rebuild.tampering(), bytesTo, bytesFrom);
    }

    private PublicKey verifierKey(String site, KeyAdvertisement ad) {
        try {
            PublicKey k = verifier.verifiedKey(site, ad.credential());
            if (!Signatures.verify(k, SecAggCodec.toBeSigned(session, ad), ad.signature())) {
                drop(site, "advertise_keys", "invalid signature on its keys");
                return null;
            }
            return k;
        } catch (SecureStepException e) {
            drop(site, "advertise_keys", e.getMessage());
            return null;
        }
    }

    private <R extends Reply> Map<String, R> collect(SecureTransport transport, String step, List<String> sites,
                                                     Function<String, SecAggMessage> request, Class<R> type) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (String s : sites) {
            byte[] b = SecAggCodec.encode(request.apply(s));
            requests.put(s, b);
            bytesTo.merge(s, (long) b.length, Long::sum);
        }
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, byte[]> replies = transport.exchange(step, requests, failures);
        failures.forEach((s, why) -> drop(s, step, why));
        Map<String, R> out = new TreeMap<>();
        for (String s : sites) {
            byte[] b = replies.get(s);
            if (b == null) {
                if (!dropped.containsKey(s)) {
                    drop(s, step, "no answer");
                }
                continue;
            }
            bytesFrom.merge(s, (long) b.length, Long::sum);
            try {
                SecAggMessage m = SecAggCodec.decode(b);
                if (!type.isInstance(m) || !((Reply) m).site().equals(s) || m.round() != config.round()) {
                    drop(s, step, "answered with " + m.step() + " from " + ((m instanceof Reply r) ? "site " + r.site() : "?")
                            + " round " + m.round() + " (replayed, misrouted or out of step)");
                    continue;
                }
                R r = type.cast(m);
                PublicKey k = signing.get(s);
                if (k != null && !(r instanceof ConsistencySignature)
                        && !Signatures.verify(k, SecAggCodec.toBeSigned(session, r), r.signature())) {
                    drop(s, step, "invalid signature (tampered or forged)");
                    continue;
                }
                out.put(s, r);
            } catch (SecureStepException e) {
                drop(s, step, e.getMessage());
            }
        }
        return out;
    }

    /** The sites still in the round after a step; fewer than t aborts it. */
    private List<String> alive(SecureTransport transport, String step, java.util.Collection<String> answered) {
        List<String> live = new ArrayList<>(new TreeSet<>(answered));
        if (live.size() < config.threshold()) {
            abort(transport, live, step, "only " + live.size() + " of " + config.participants().size()
                    + " sites are left, fewer than the threshold t=" + config.threshold());
        }
        return live;
    }

    /** Tells the live sites to drop the round's secrets, then throws. */
    void abort(SecureTransport transport, List<String> live, String step, String why) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        byte[] b = SecAggCodec.encode(new Abort(config.round(), why));
        live.forEach(s -> requests.put(s, b));
        transport.exchange("abort", requests, new HashMap<>());
        throw new SecureStepException(step, "secure aggregation round " + config.round() + " aborted at " + step + ": " + why
                + "; nothing was unmasked");
    }

    private boolean drop(String site, String step, String why) {
        dropped.putIfAbsent(site, step + ": " + why);
        return true;
    }

    private List<String> neighboursIn(String site, java.util.Collection<String> among) {
        List<String> out = new ArrayList<>(graph.neighbours(site));
        out.retainAll(among);
        return out;
    }
}
