package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.SiteAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionerTest {

    @Test
    void createsCaServerCertificateAndOneKitPerSite(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir);
        p.create("demo", List.of("a", "b", "c"), "coord.example.org", 7443, List.of("10.0.0.5"));
        X509Certificate ca = Pem.readCertificate(p.layout().caCert());
        X509Certificate server = Pem.readCertificate(p.layout().serverCert());
        server.verify(ca.getPublicKey());
        assertEquals("EC", server.getPublicKey().getAlgorithm());
        String sans = server.getSubjectAlternativeNames().toString();
        for (String h : List.of("localhost", "127.0.0.1", "coord.example.org", "10.0.0.5")) {
            assertTrue(sans.contains(h), sans);
        }
        for (String s : List.of("a", "b", "c")) {
            NodeKit kit = NodeKit.load(p.layout().kit(s));
            assertEquals(s, kit.siteId());
            assertEquals("coord.example.org", kit.coordinatorHost());
            assertEquals(7443, kit.coordinatorPort());
            X509Certificate cert = Pem.readCertificate(kit.certificate());
            cert.verify(ca.getPublicKey());
            assertEquals(s, SiteAuthenticator.commonName(cert));
            assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
            Pem.readPrivateKey(kit.privateKey());
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(kit.privateKey()));
            assertEquals(ca, Pem.readCertificate(kit.caCertificate()));
            assertTrue(!Files.exists(kit.dir().resolve("ca.key")), "a kit must not hold the CA key");
        }
        assertEquals(3, p.sites().size());
        assertTrue(p.revokedSerials().isEmpty());
    }

    @Test
    void addSiteLeavesOthersAloneAndRevokeListsTheSerial(@TempDir Path dir) {
        Provisioner p = new Provisioner(dir);
        p.create("demo", List.of("a", "b"), "localhost", 7443, List.of());
        Map<String, String> before = p.sites();
        byte[] kitA = readAll(p.layout().kit("a").resolve("node.crt"));
        p.addSite("d");
        Map<String, String> after = p.sites();
        assertEquals(before.get("a"), after.get("a"));
        assertEquals(before.get("b"), after.get("b"));
        assertTrue(after.containsKey("d"));
        assertTrue(Arrays.equals(kitA, readAll(p.layout().kit("a").resolve("node.crt"))));
        assertThrows(IllegalArgumentException.class, () -> p.addSite("d"));
        assertThrows(IllegalArgumentException.class, () -> p.addSite("../evil"));

        p.revoke("b");
        assertEquals(List.of(new BigInteger(after.get("b"), 16)), p.revokedSerials());
        p.revoke("b"); // idempotent
        assertEquals(1, p.revokedSerials().size());
        assertThrows(IllegalArgumentException.class, () -> p.revoke("zz"));
        assertThrows(IllegalArgumentException.class, () -> p.create("demo", List.of("x"), "localhost", 1, List.of()));
    }

    private static byte[] readAll(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
