package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from RFC 5869, Appendix A, test cases 1-3 (the SHA-256 ones). */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int toInclusive) {
        byte[] out = new byte[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    private static void check(byte[] ikm, byte[] salt, byte[] info, int length, String prk, String okm) {
        byte[] extracted = Hkdf.extract(salt, ikm);
        assertArrayEquals(HEX.parseHex(prk), extracted, "PRK");
        assertArrayEquals(HEX.parseHex(okm), Hkdf.expand(extracted, info, length), "OKM");
        assertArrayEquals(HEX.parseHex(okm), Hkdf.derive(salt, ikm, info, length), "OKM via derive");
    }

    @Test
    void rfc5869TestCase1Basic() {
        check(HEX.parseHex("0b".repeat(22)), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase2LongInputs() {
        check(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        check(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42,
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        // A missing salt means HashLen zeros, the same as the empty one (RFC 5869 section 2.2).
        assertArrayEquals(Hkdf.extract(new byte[0], HEX.parseHex("0b".repeat(22))),
            Hkdf.extract(null, HEX.parseHex("0b".repeat(22))));
        assertArrayEquals(Hkdf.extract(new byte[32], HEX.parseHex("0b".repeat(22))),
            Hkdf.extract(null, HEX.parseHex("0b".repeat(22))));
    }

    @Test
    void refusesLengthsOutsideTheRfcRange() {
        byte[] prk = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, null, 0));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, null, 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[16], null, 32));
        assertArrayEquals(Hkdf.expand(prk, null, 255 * 32), Hkdf.expand(prk, new byte[0], 255 * 32));
    }
}
