package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PairwiseKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    // RFC 7748, section 6.1 (Curve25519 Diffie-Hellman): Alice's and Bob's keys and their shared secret.
    private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    @Test
    void rfc7748Section61SharedSecret() {
        PrivateKey alice = PairwiseKeys.privateKey(HEX.parseHex(ALICE_PRIVATE));
        PrivateKey bob = PairwiseKeys.privateKey(HEX.parseHex(BOB_PRIVATE));
        PublicKey alicePublic = PairwiseKeys.publicKey(HEX.parseHex(ALICE_PUBLIC));
        PublicKey bobPublic = PairwiseKeys.publicKey(HEX.parseHex(BOB_PUBLIC));
        assertArrayEquals(HEX.parseHex(SHARED), PairwiseKeys.sharedSecret(alice, bobPublic));
        assertArrayEquals(HEX.parseHex(SHARED), PairwiseKeys.sharedSecret(bob, alicePublic));
        // The wire encoding round-trips the RFC's little-endian u-coordinates.
        assertEquals(ALICE_PUBLIC, HEX.formatHex(PairwiseKeys.encode(alicePublic)));
        assertEquals(BOB_PUBLIC, HEX.formatHex(PairwiseKeys.encode(bobPublic)));
    }

    @Test
    void bothSitesDeriveTheSameSeedAndOnlyForTheirPairAndRound() {
        KeyPair a = PairwiseKeys.generate(RANDOM);
        KeyPair b = PairwiseKeys.generate(RANDOM);
        KeyPair c = PairwiseKeys.generate(RANDOM);
        byte[] ab = PairwiseKeys.pairwiseSeed(a.getPrivate(), b.getPublic(), "site-a", "site-b", 3);
        byte[] ba = PairwiseKeys.pairwiseSeed(b.getPrivate(), a.getPublic(), "site-b", "site-a", 3);
        assertEquals(PairwiseKeys.KEY_BYTES, ab.length);
        assertArrayEquals(ab, ba);

        byte[] nextRound = PairwiseKeys.pairwiseSeed(a.getPrivate(), b.getPublic(), "site-a", "site-b", 4);
        byte[] otherPeer = PairwiseKeys.pairwiseSeed(a.getPrivate(), c.getPublic(), "site-a", "site-c", 3);
        byte[] otherIds = PairwiseKeys.pairwiseSeed(a.getPrivate(), b.getPublic(), "site-a", "site-x", 3);
        assertFalse(Arrays.equals(ab, nextRound));
        assertFalse(Arrays.equals(ab, otherPeer));
        assertFalse(Arrays.equals(ab, otherIds));
        // The seed is not the raw shared secret.
        assertFalse(Arrays.equals(ab, PairwiseKeys.sharedSecret(a.getPrivate(), b.getPublic())));
    }

    @Test
    void contextIsCanonicalAndUnambiguous() {
        assertArrayEquals(PairwiseKeys.context("a", "b", 7), PairwiseKeys.context("b", "a", 7));
        assertFalse(Arrays.equals(PairwiseKeys.context("ab", "c", 7), PairwiseKeys.context("a", "bc", 7)));
        assertFalse(Arrays.equals(PairwiseKeys.context("a", "b", 7), PairwiseKeys.context("a", "b", 8)));
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class, () -> PairwiseKeys.context("a", "a", 1));
        assertTrue(self.getMessage().contains("itself"), self.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairwiseKeys.context("", "a", 1));
    }

    @Test
    void generatedKeysRoundTripThroughTheirEncoding() {
        KeyPair a = PairwiseKeys.generate(RANDOM);
        KeyPair b = PairwiseKeys.generate(RANDOM);
        PublicKey decoded = PairwiseKeys.publicKey(PairwiseKeys.encode(a.getPublic()));
        assertArrayEquals(PairwiseKeys.sharedSecret(b.getPrivate(), a.getPublic()),
            PairwiseKeys.sharedSecret(b.getPrivate(), decoded));
    }

    @Test
    void refusesSmallOrderPeerKeyAndBadLengths() {
        KeyPair a = PairwiseKeys.generate(RANDOM);
        // u = 0 is a point of small order: the agreement would be all zeros (RFC 7748 section 6.1).
        PublicKey zero = PairwiseKeys.publicKey(new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> PairwiseKeys.sharedSecret(a.getPrivate(), zero));
        assertThrows(IllegalArgumentException.class, () -> PairwiseKeys.publicKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> PairwiseKeys.privateKey(new byte[33]));
    }
}
