package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaillierKeyFilesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path dir;

    @Test
    void publicKeyAndKeySharesRoundTripAndStillDecrypt() throws IOException {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 2, 3, RANDOM);
        Path pub = dir.resolve("coordinator/paillier-public.key");
        PaillierKeyFiles.writePublicKey(pub, keys.publicKey());
        assertEquals(keys.publicKey(), PaillierKeyFiles.readPublicKey(pub));
        assertTrue(Files.readString(pub).contains("format=fedmed-paillier-public-key/1\nn=" + keys.publicKey().n().toString(16) + "\n"));

        PaillierKeyShare[] back = new PaillierKeyShare[3];
        for (PaillierKeyShare share : keys.shares()) {
            Path file = dir.resolve("site-" + share.index() + "/paillier-share.key");
            PaillierKeyFiles.writeKeyShare(file, share);
            back[share.index() - 1] = PaillierKeyFiles.readKeyShare(file);
            assertEquals(share, back[share.index() - 1]);
            if (POSIX) {
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
            }
            assertFalse(Files.exists(file.resolveSibling("paillier-share.key.tmp")));
        }
        // The keys read back decrypt a sum.
        PaillierPublicKey key = PaillierKeyFiles.readPublicKey(pub);
        BigInteger m = BigInteger.valueOf(987654321);
        EncryptedVector v = new EncryptedVector(1, 1, List.of(key.encrypt(m, RANDOM)));
        BigInteger[] plain = keys.decryption().combine(List.of(back[0].decryptionShare(v), back[2].decryptionShare(v)));
        assertEquals(m, plain[0]);
    }

    @Test
    void privateKeyRoundTripsOwnerOnly() throws IOException {
        PaillierPrivateKey key = PaillierKeys.generateUnchecked(256, RANDOM);
        Path file = dir.resolve("paillier-private.key");
        PaillierKeyFiles.writePrivateKey(file, key);
        PaillierPrivateKey back = PaillierKeyFiles.readPrivateKey(file);
        assertEquals(key.publicKey(), back.publicKey());
        BigInteger c = key.publicKey().encrypt(BigInteger.TEN, RANDOM);
        assertEquals(BigInteger.TEN, back.decrypt(c));
        if (POSIX) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void wrongOrDamagedFilesAreRefusedWithoutQuotingSecrets() throws IOException {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(128, 2, 3, RANDOM);
        Path share = dir.resolve("share.key");
        PaillierKeyFiles.writeKeyShare(share, keys.shares().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaillierKeyFiles.readPublicKey(share));
        assertTrue(e.getMessage().contains("is not a fedmed-paillier-public-key/1 file"), e.getMessage());

        String secretHex = keys.shares().get(0).secret().toString(16);
        Files.writeString(share, Files.readString(share).replace("share=" + secretHex, "share=" + secretHex + "zz"));
        e = assertThrows(IllegalArgumentException.class, () -> PaillierKeyFiles.readKeyShare(share));
        assertEquals("paillier: field 'share' of key file " + share + " is not a lower-case hexadecimal number", e.getMessage());

        Files.writeString(share, "format=fedmed-paillier-key-share/1\nindex=1\n");
        e = assertThrows(IllegalArgumentException.class, () -> PaillierKeyFiles.readKeyShare(share));
        assertTrue(e.getMessage().contains("has no field 'n'"), e.getMessage());
    }

    @Test
    void indicesAboveNineAreDecimal() {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(128, 2, 12, RANDOM);
        Path file = dir.resolve("share-12.key");
        PaillierKeyFiles.writeKeyShare(file, keys.shares().get(11));
        PaillierKeyShare back = PaillierKeyFiles.readKeyShare(file);
        assertEquals(12, back.index());
        assertEquals(12, back.count());
    }
}
