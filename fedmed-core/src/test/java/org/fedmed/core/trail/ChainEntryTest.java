package org.fedmed.core.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainEntryTest {

    private static KeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void theCanonicalFormSortsKeysAndEscapesAndRefusesFractions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, "x\"y\n"));
        m.put("a", Map.of("z", true, "c", 2L));
        assertEquals("{\"a\":{\"c\":2,\"z\":true},\"b\":[1,\"x\\\"y\\n\"]}", CanonicalJson.write(m));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("eps", 0.5)));
        assertTrue(e.getMessage().contains("write fractional numbers as strings"), e.getMessage());
    }

    @Test
    void anEntryIsSignedLinkedAndAnyEditShows() throws Exception {
        KeyPair author = key();
        Instant t = Instant.parse("2026-01-01T00:00:00.123Z");
        ChainEntry first = ChainEntry.sign(null, t, "coordinator", "k", EntryType.ROUND_STARTED, 1, Map.of(), author.getPrivate());
        ChainEntry second = ChainEntry.sign(first, t, "coordinator", "k", EntryType.UPDATE_RECEIVED, 1,
                Map.of("site", "site-1", "digest", "ab"), author.getPrivate());
        assertEquals(1, first.seq());
        assertEquals(ChainEntry.GENESIS, first.prev());
        assertEquals(2, second.seq());
        assertEquals(first.hash(), second.prev());
        assertEquals(second.hash(), second.computedHash());
        assertTrue(second.signedBy(author.getPublic()));
        assertFalse(second.signedBy(key().getPublic()), "another key's signature");

        Map<String, Object> edited = new LinkedHashMap<>(second.payload());
        edited.put("digest", "cd");
        ChainEntry tampered = new ChainEntry(second.seq(), second.time(), second.author(), second.key(), second.type(), second.round(),
                edited, second.prev(), second.sig(), second.hash());
        assertNotEquals(tampered.hash(), tampered.computedHash());
        assertFalse(tampered.signedBy(author.getPublic()));
    }

    @Test
    void anAuditTrailContinuesItsChainAndClosesRoundsWithTheirRoot() throws Exception {
        KeyPair author = key();
        List<ChainEntry> stored = new ArrayList<>();
        AuditTrail.Store store = new AuditTrail.Store() {
            @Override
            public List<ChainEntry> readAll() {
                return List.copyOf(stored);
            }

            @Override
            public void append(ChainEntry e) {
                stored.add(e);
            }
        };
        byte[] cert = {1, 2, 3};
        AuditTrail trail = new AuditTrail(store, "coordinator", cert, author.getPrivate(), java.time.Clock.systemUTC());
        assertEquals(EntryType.CHAIN_OPENED, stored.get(0).type());
        trail.append(EntryType.ROUND_STARTED, 1, Map.of());
        trail.append(EntryType.UPDATE_RECEIVED, 1, Map.of("site", "a", "digest", "00"));
        ChainEntry root = trail.closeRound(1);
        assertEquals(new MerkleTree(List.of(stored.get(1).hash(), stored.get(2).hash())).root(), root.payload().get("root"));
        // reopened (a restarted coordinator): no second chain_opened, numbering goes on
        AuditTrail again = new AuditTrail(store, "coordinator", cert, author.getPrivate(), java.time.Clock.systemUTC());
        assertEquals(5, again.append(EntryType.ROUND_STARTED, 2, Map.of()).seq());
        assertEquals(new AuditTrail.Status(5, 2, stored.get(4).time(), "not verified"), again.status());
        assertEquals(root.hash(), stored.get(4).prev());
    }
}
