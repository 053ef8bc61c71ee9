package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirSharingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] secret() {
        byte[] secret = new byte[ShamirSharing.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    @Test
    void primeIsTheSmallestAbove2To256() {
        BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);
        assertTrue(ShamirSharing.PRIME.isProbablePrime(128));
        // nextProbablePrime skips only certain composites, so no prime lies between 2^256 and p.
        assertEquals(ShamirSharing.PRIME, twoTo256.nextProbablePrime());
    }

    @Test
    void knownAnswerFromTheWikipediaExample() {
        // Wikipedia, "Shamir's secret sharing", worked example: f(x) = 1234 + 166x + 94x^2, t = 3, n = 6,
        // shares (1,1494) (2,1942) (3,2578) (4,3402) (5,4414) (6,5614); any three give back 1234.
        ShamirSharing sharing = new ShamirSharing(3, 6);
        int[] ys = {1494, 1942, 2578, 3402, 4414, 5614};
        List<Share> all = new ArrayList<>();
        for (int x = 1; x <= 6; x++) {
            all.add(new Share(x, BigInteger.valueOf(ys[x - 1])));
        }
        assertEquals(BigInteger.valueOf(1234), sharing.combineElement(List.of(all.get(1), all.get(3), all.get(4))));
        assertEquals(BigInteger.valueOf(1234), sharing.combineElement(all));
    }

    @Test
    void everySubsetOfAtLeastTSharesReconstructs() {
        for (int[] tn : new int[][] {{2, 3}, {3, 5}, {4, 4}, {5, 7}}) {
            ShamirSharing sharing = new ShamirSharing(tn[0], tn[1]);
            byte[] secret = secret();
            List<Share> shares = sharing.split(secret, RANDOM);
            assertEquals(tn[1], shares.size());
            for (int subset = 1; subset < 1 << tn[1]; subset++) {
                List<Share> chosen = new ArrayList<>();
                for (int i = 0; i < tn[1]; i++) {
                    if ((subset & 1 << i) != 0) {
                        chosen.add(shares.get(i));
                    }
                }
                if (chosen.size() >= tn[0]) {
                    assertArrayEquals(secret, sharing.combine(chosen), "t=" + tn[0] + " subset " + chosen);
                } else {
                    assertThrows(IllegalArgumentException.class, () -> sharing.combine(chosen));
                }
            }
        }
    }

    @Test
    void edgeSecretsKeepTheirLength() {
        ShamirSharing sharing = new ShamirSharing(2, 3);
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        byte[] leadingZero = secret();
        leadingZero[0] = 0;
        for (byte[] secret : List.of(zeros, ones, leadingZero)) {
            assertArrayEquals(secret, sharing.combine(sharing.split(secret, RANDOM).subList(1, 3)));
        }
    }

    @Test
    void fewerThanTSharesAreConsistentWithEverySecret() {
        // Perfect secrecy (Shamir 1979): for the t-1 shares at x = 1, 2 and ANY candidate secret s', the
        // polynomial through (0, s'), (1, y1), (2, y2) has degree t-1 = 2, so a third share exists that
        // completes them to s'. Build that share for several candidates and reconstruct each.
        ShamirSharing sharing = new ShamirSharing(3, 5);
        byte[] secret = secret();
        List<Share> shares = sharing.split(secret, RANDOM);
        List<Share> known = shares.subList(0, 2);
        BigInteger[] candidates = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
            new BigInteger(1, secret()), new BigInteger(1, secret)};
        for (BigInteger candidate : candidates) {
            BigInteger[] xs = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO};
            BigInteger[] ys = {candidate, known.get(0).y(), known.get(1).y()};
            Share completing = new Share(3, Lagrange.at(xs, ys, BigInteger.valueOf(3), ShamirSharing.PRIME));
            List<Share> set = List.of(known.get(0), known.get(1), completing);
            assertEquals(candidate, sharing.combineElement(set));
            assertEquals(candidate.equals(new BigInteger(1, secret)), completing.equals(shares.get(2)));
        }
    }

    @Test
    void aTamperedShareSilentlyGivesAnotherSecret() {
        // Shares carry no authentication: the protocol must send them inside AES-GCM (see the class comment).
        ShamirSharing sharing = new ShamirSharing(3, 5);
        byte[] secret = secret();
        List<Share> shares = new ArrayList<>(sharing.split(secret, RANDOM).subList(0, 3));
        Share honest = shares.get(1);
        shares.set(1, new Share(honest.x(), honest.y().add(BigInteger.ONE).mod(ShamirSharing.PRIME)));
        assertFalse(Arrays.equals(secret, sharing.combine(shares)));
    }

    @Test
    void sharesAnX25519PrivateScalarForDropoutRecovery() {
        byte[] scalar = secret();
        PrivateKey original = PairwiseKeys.privateKey(scalar);
        KeyPair peer = PairwiseKeys.generate(RANDOM);
        ShamirSharing sharing = new ShamirSharing(3, 4);
        PrivateKey recovered = PairwiseKeys.privateKey(sharing.combine(sharing.split(scalar, RANDOM).subList(1, 4)));
        assertArrayEquals(PairwiseKeys.pairwiseSeed(original, peer.getPublic(), "a", "b", 1),
            PairwiseKeys.pairwiseSeed(recovered, peer.getPublic(), "a", "b", 1));
    }

    @Test
    void refusesTooFewDuplicateZeroAndOutOfRangeShares() {
        ShamirSharing sharing = new ShamirSharing(3, 5);
        List<Share> shares = sharing.split(secret(), RANDOM);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> sharing.combine(shares.subList(0, 2)));
        assertTrue(few.getMessage().contains("2 shares") && few.getMessage().contains("t=3"), few.getMessage());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
            () -> sharing.combine(List.of(shares.get(0), shares.get(1), shares.get(1))));
        assertTrue(duplicate.getMessage().contains("same x-coordinate 2"), duplicate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Share(0, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Share(1, ShamirSharing.PRIME));
        assertThrows(IllegalArgumentException.class, () -> new Share(1, BigInteger.valueOf(-1)));
        assertThrows(IllegalArgumentException.class,
            () -> sharing.combine(List.of(shares.get(0), shares.get(1), new Share(6, BigInteger.ONE))));
        assertThrows(IllegalArgumentException.class, () -> new ShamirSharing(1, 5));
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class, () -> new ShamirSharing(6, 5));
        assertTrue(above.getMessage().contains("t=6") && above.getMessage().contains("n=5"), above.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sharing.split(new byte[31], RANDOM));
        assertThrows(IllegalArgumentException.class, () -> sharing.splitElement(ShamirSharing.PRIME, RANDOM));
    }

    @Test
    void sharesDoNotPrintTheirValue() {
        Share share = new Share(4, new BigInteger("123456789123456789"));
        assertEquals("Share[x=4]", share.toString());
    }
}
