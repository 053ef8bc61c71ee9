package org.fedmed.core.secure.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencyRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.KeyAdvertisement;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInput;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInputRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.ShareKeysRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskShares;
import org.junit.jupiter.api.Test;

/**
 * The protocol from the side of a malicious coordinator, a cheating site and a network peer:
 * tampered, forged, replayed and out-of-step messages are refused with the site and step named,
 * and no site ever reveals both secrets of one peer.
 */
class SecAggAdversaryTest {

    private static SecAggResult run(SecAggFixture f, SecAggConfig c) {
        f.train(c.round());
        return new SecAggServer(c, f.verifier).run(f.transport());
    }

    @Test
    void aMaskedInputAlteredOnTheWayFailsItsSignatureAndTheSiteIsLeftOut() {
        SecAggFixture f = new SecAggFixture(6, 40, 11);
        SecAggConfig c = f.config(1, SecAggParameters.derive(6, 0.4, 0), true, 2.0);
        f.replyTamper = (step, site, bytes) -> {
            if (step.equals("masked_input") && site.equals("site-002")) {
                bytes = bytes.clone();
                bytes[40] ^= 1;
            }
            return bytes;
        };
        SecAggResult r = run(f, c);
        assertFalse(r.survivors().contains("site-002"));
        assertEquals("masked_input: invalid signature (tampered or forged)", r.dropped().get("site-002"));
    }

    @Test
    void aShareAlteredByTheCoordinatorIsCaughtByAesGcmAtTheReceivingSite() {
        SecAggFixture f = new SecAggFixture(6, 40, 12);
        SecAggConfig c = f.config(1, SecAggParameters.derive(6, 0.4, 0), true, 2.0);
        f.requestTamper = (step, site, bytes) -> {
            if (step.equals("masked_input") && site.equals("site-003")) {
                MaskedInputRequest r = (MaskedInputRequest) SecAggCodec.decode(bytes);
                SortedMap<String, byte[]> inbox = new TreeMap<>(r.inbox());
                byte[] ct = inbox.get("site-001").clone();
                ct[ct.length - 1] ^= 1;
                inbox.put("site-001", ct);
                return SecAggCodec.encode(new MaskedInputRequest(r.round(), inbox));
            }
            return bytes;
        };
        SecAggResult r = run(f, c);
        assertEquals("unmask: secure aggregation: site site-003 round 1 unmask: the share from site site-001 "
                + "fails authentication (tampered, replayed or misrouted)", r.dropped().get("site-003"));
    }

    @Test
    void aCheatingSitesTamperedShareIsNamedAndLeftOutAndTheSumStaysRight() {
        SecAggFixture f = new SecAggFixture(7, 40, 13);
        SecAggConfig c = f.config(1, SecAggParameters.derive(7, 0.3, 0), false, 2.0); // k=6, t=4: two spare shares
        KeyPair cheat = f.signingKeys.get("site-005");
        f.replyTamper = (step, site, bytes) -> {
            if (!step.equals("unmask") || !site.equals("site-005")) {
                return bytes;
            }
            UnmaskShares u = (UnmaskShares) SecAggCodec.decode(bytes);
            SortedMap<String, byte[]> seeds = new TreeMap<>(u.selfMaskShares());
            byte[] share = seeds.get("site-001").clone();
            share[20] ^= 0x40;
            seeds.put("site-001", share);
            UnmaskShares unsigned = new UnmaskShares(site, u.round(), seeds, u.maskKeyShares(), new byte[0]);
            byte[] sig = Signatures.sign(cheat.getPrivate(), SecAggCodec.toBeSigned(c.session(), unsigned));
            return SecAggCodec.encode(new UnmaskShares(site, u.round(), seeds, u.maskKeyShares(), sig));
        };
        SecAggResult r = run(f, c);
        assertEquals(List.of("round 1 unmask: site site-005 sent a tampered share of the self mask of surviving site site-001; "
                + "rebuilt from the other shares"), r.tampering());
        float[] sum = c.input().decode(r.sum(), r.survivors().size()).values();
        double[] clear = f.clear(f.ids, false, c.input());
        for (int i = 0; i < clear.length; i++) {
            assertEquals(clear[i], sum[i], 7 * c.input().quantizer().step() + 1e-6);
        }
    }

    @Test
    void keysSubstitutedByTheCoordinatorAreRefusedBecauseItCannotSignAsTheSite() {
        SecAggFixture f = new SecAggFixture(5, 10, 14);
        SecAggConfig c = f.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        KeyPair coordinatorKey = SecAggFixture.ecKey();
        f.requestTamper = (step, site, bytes) -> {
            if (!step.equals("share_keys") || !site.equals("site-001")) {
                return bytes;
            }
            ShareKeysRequest r = (ShareKeysRequest) SecAggCodec.decode(bytes);
            List<KeyAdvertisement> peers = new ArrayList<>();
            for (KeyAdvertisement a : r.peers()) {
                if (a.site().equals("site-002")) { // the coordinator's own keys, signed with its own key
                    KeyAdvertisement forged = new KeyAdvertisement(a.site(), a.round(), a.maskKey(), a.encryptionKey(),
                            coordinatorKey.getPublic().getEncoded(), new byte[0]);
                    a = new KeyAdvertisement(a.site(), a.round(), forged.encryptionKey(), forged.maskKey(), forged.credential(),
                            Signatures.sign(coordinatorKey.getPrivate(), SecAggCodec.toBeSigned(c.session(), forged)));
                }
                peers.add(a);
            }
            return SecAggCodec.encode(new ShareKeysRequest(r.round(), peers));
        };
        SecAggResult r = run(f, c);
        assertEquals("share_keys: site site-002: its signing key is not the one provisioned for it", r.dropped().get("site-001"));
        // and with the site's credential but a forged signature
        SecAggFixture g = new SecAggFixture(5, 10, 15);
        SecAggConfig c2 = g.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        g.requestTamper = (step, site, bytes) -> {
            if (!step.equals("share_keys") || !site.equals("site-001")) {
                return bytes;
            }
            ShareKeysRequest r0 = (ShareKeysRequest) SecAggCodec.decode(bytes);
            List<KeyAdvertisement> peers = new ArrayList<>();
            for (KeyAdvertisement a : r0.peers()) {
                peers.add(a.site().equals("site-002")
                        ? new KeyAdvertisement(a.site(), a.round(), a.maskKey(), a.encryptionKey(), a.credential(), a.signature()) : a);
            }
            return SecAggCodec.encode(new ShareKeysRequest(r0.round(), peers));
        };
        SecAggResult r2 = run(g, c2);
        assertEquals("share_keys: secure aggregation: site site-001 round 1 share_keys: found an invalid signature on the keys "
                + "of site site-002 (forged or tampered)", r2.dropped().get("site-001"));
    }

    @Test
    void replayedAndOutOfStepMessagesAreRefused() {
        SecAggFixture f = new SecAggFixture(5, 10, 16);
        SecAggConfig c1 = f.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        Map<String, byte[]> round1ShareKeys = new HashMap<>();
        f.requestTamper = (step, site, bytes) -> {
            if (step.equals("share_keys")) {
                round1ShareKeys.put(site, bytes);
            }
            if (step.equals("masked_input") && site.equals("site-004")) {
                return round1ShareKeys.get(site); // the previous step's request again
            }
            return bytes;
        };
        SecAggResult r = run(f, c1);
        assertEquals("masked_input: secure aggregation: site site-004 round 1 share_keys: refuses step share_keys: it arrived "
                + "out of order or twice (the site is at shared)", r.dropped().get("site-004"));
        // round 2: a round-1 request replayed to a site is refused as stale
        SecAggConfig c2 = f.config(2, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        f.requestTamper = (step, site, bytes) -> step.equals("share_keys") && site.equals("site-002") ? round1ShareKeys.get(site) : bytes;
        SecAggResult r2 = run(f, c2);
        assertEquals("share_keys: secure aggregation: site site-002 round 2 share_keys: refuses a message for round 1 (replayed or stale)",
                r2.dropped().get("site-002"));
        // a reply of one site presented as another's
        SecAggConfig c3 = f.config(3, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        Map<String, byte[]> replies = new HashMap<>();
        f.requestTamper = (step, site, bytes) -> bytes;
        f.replyTamper = (step, site, bytes) -> {
            replies.put(step + site, bytes);
            return step.equals("masked_input") && site.equals("site-005") ? replies.get("masked_inputsite-001") : bytes;
        };
        SecAggResult r3 = run(f, c3);
        assertTrue(r3.dropped().get("site-005").startsWith("masked_input: answered with masked_input from site site-001 round 3"),
                r3.dropped().toString());
    }

    @Test
    void aCoordinatorThatTellsSitesDifferentSurvivorListsGetsNoShares() {
        // The attack: tell site-001 that site-005 dropped (so it reveals 005's mask key) while the
        // others reveal 005's self-mask seed; with both, 005's input would be exposed.
        SecAggFixture f = new SecAggFixture(5, 10, 17);
        SecAggConfig c = f.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        List<String> shortList = List.of("site-001", "site-002", "site-003", "site-004");
        Map<String, byte[]> unmaskRequests = new HashMap<>();
        f.requestTamper = (step, site, bytes) -> {
            if (step.equals("consistency") && site.equals("site-001")) {
                ConsistencyRequest r = (ConsistencyRequest) SecAggCodec.decode(bytes);
                return SecAggCodec.encode(new ConsistencyRequest(r.round(), shortList));
            }
            if (step.equals("unmask")) {
                unmaskRequests.put(site, bytes);
            }
            return bytes;
        };
        SecAggResult r = run(f, c);
        assertEquals("consistency: invalid signature on the survivor list", r.dropped().get("site-001"));
        // The coordinator now shows site-001 the short list it signed, with the others' signatures (on the full list).
        UnmaskRequest seen = (UnmaskRequest) SecAggCodec.decode(unmaskRequests.get("site-002"));
        byte[] lie = SecAggCodec.encode(new UnmaskRequest(1, shortList, seen.signatures()));
        SecureStepException e = assertThrows(SecureStepException.class, () -> f.sites.get("site-001").secureStep(lie));
        assertTrue(e.getMessage().startsWith("secure aggregation: site site-001 round 1 unmask: found an invalid consistency "
                + "signature from site"), e.getMessage());
    }

    @Test
    void aSiteSignsOneSurvivorListAndAnswersUnmaskOnlyForIt() {
        SecAggFixture f = new SecAggFixture(5, 10, 18);
        SecAggConfig c = f.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0);
        f.requestTamper = (step, site, bytes) -> {
            if (step.equals("unmask") && site.equals("site-003")) {
                UnmaskRequest r = (UnmaskRequest) SecAggCodec.decode(bytes);
                List<String> fewer = new ArrayList<>(r.survivors());
                fewer.remove("site-001"); // asks for site-001's mask key although it survived
                return SecAggCodec.encode(new UnmaskRequest(r.round(), fewer, r.signatures()));
            }
            return bytes;
        };
        SecAggResult r = run(f, c);
        assertEquals("unmask: secure aggregation: site site-003 round 1 unmask: was sent a survivor list other than the one it signed "
                + "(the coordinator may be asking for both secrets of a site)", r.dropped().get("site-003"));
    }

    @Test
    void noSiteEverRevealsBothSecretsOfOnePeerAndASecondUnmaskIsRefused() {
        SecAggFixture f = new SecAggFixture(8, 10, 19);
        SecAggConfig c = f.config(1, SecAggParameters.derive(8, 0.3, 0), true, 2.0);
        f.drop = (step, site) -> step.equals("masked_input") && (site.equals("site-002") || site.equals("site-006"));
        SecAggResult r = run(f, c);
        assertEquals(6, r.survivors().size());
        int keyShares = 0;
        for (var e : f.view.get("unmask").entrySet()) {
            UnmaskShares u = (UnmaskShares) SecAggCodec.decode(e.getValue());
            for (String peer : u.selfMaskShares().keySet()) {
                assertFalse(u.maskKeyShares().containsKey(peer), e.getKey() + " revealed both secrets of " + peer);
            }
            keyShares += u.maskKeyShares().size();
        }
        assertTrue(keyShares > 0, "the dropped sites' mask keys were shared");
        byte[] again = SecAggCodec.encode(new UnmaskRequest(1, r.survivors(), new TreeMap<>()));
        SecureStepException e = assertThrows(SecureStepException.class, () -> f.sites.get("site-001").secureStep(again));
        assertTrue(e.getMessage().contains("out of order or twice"), e.getMessage());
    }

    @Test
    void malformedMessagesAreRefusedWithOneLine() {
        assertThrows(SecureStepException.class, () -> SecAggCodec.decode(new byte[] {1, 2, 3}));
        byte[] ok = SecAggCodec.encode(new ConsistencyRequest(4, List.of("a", "b")));
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        SecureStepException e = assertThrows(SecureStepException.class, () -> SecAggCodec.decode(longer));
        assertEquals("malformed secure-aggregation message: 1 bytes after the consistency message", e.getMessage());
        MaskedInput m = new MaskedInput("x", 1, new int[] {1, -2, 3}, new byte[] {9});
        MaskedInput back = (MaskedInput) SecAggCodec.decode(SecAggCodec.encode(m));
        assertTrue(java.util.Arrays.equals(m.values(), back.values()));
    }
}
