package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.node.NodeCheck;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.SiteAuthenticator;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedmed provision renew`: a site whose certificate expires gets a new one; the old one is refused from then on. */
class RenewTest {

    private static int check(Path kit, StringBuilder log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = NodeCheck.run(new NodeMain.Options(kit, null, "wdbc", null, null, null, null, null, Weights.DEFAULT_CHUNK_BYTES,
                Duration.ofSeconds(5)), new PrintStream(out, true, StandardCharsets.UTF_8));
        log.append(out.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void aRenewedSiteConnectsWithItsNewKitAndNotWithTheOldOne(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "a");
        Instant now = Instant.now();
        p.addSite("soon", now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(5)));
        Path old = dir.resolve("old-kit");
        Files.createDirectories(old);
        for (String f : List.of("node.properties", "node.crt", "node.key", "ca.crt")) {
            Files.copy(p.layout().kit("soon").resolve(f), old.resolve(f));
        }
        assertTrue(KitCheck.expiryWarning(NodeKit.load(old), now).isPresent(), "the old certificate is about to expire");

        NodeKit renewed = p.renew("soon");
        assertTrue(KitCheck.expiryWarning(renewed, now).isEmpty(), "the new certificate runs for the full validity");
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("a", "soon"), Duration.ofSeconds(5),
                Weights.DEFAULT_CHUNK_BYTES)) {
            StringBuilder log = new StringBuilder();
            assertEquals(0, check(renewed.dir(), log), log.toString());
            assertEquals(1, check(old, log), log.toString());
            assertTrue(server.refusals().stream().anyMatch(r -> r.contains("NOT_PROVISIONED") && r.contains("soon")),
                    server.refusals().toString());
        }
        p.revoke("a");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.renew("a")).getMessage().contains("is revoked"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.renew("nobody")).getMessage().contains("is not provisioned"));
    }

    /** The coordinator's operator hears of a site certificate about to expire, once, with the command that renews it. */
    @Test
    void theCoordinatorAnnouncesASiteCertificateAboutToExpireOnce(@TempDir Path dir) throws Exception {
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), NetFixtures.freePort(), "a");
        Instant now = Instant.now();
        NodeKit soon = p.addSite("soon", now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(5)));
        X509Certificate[] chain = {Pem.readCertificate(soon.certificate())};
        X509Certificate fresh = Pem.readCertificate(p.layout().kit("a").resolve("node.crt"));
        SiteAuthenticator auth = new SiteAuthenticator(p.layout(), null);
        String line = auth.announceExpiry("soon", chain[0], now).orElseThrow();
        assertTrue(line.startsWith("site 'soon': its certificate expires on ") && line.contains("(in 4 day(s))")
                && line.endsWith("fedmed provision renew --dir " + p.layout().root() + " --site soon"), line);
        assertTrue(auth.announceExpiry("soon", chain[0], now).isEmpty(), "announced once per process, not at every call");
        assertTrue(auth.announceExpiry("a", fresh, now).isEmpty(), "a certificate valid for long is not announced");
        // a connection announces it by itself: afterwards there is nothing left to announce
        SiteAuthenticator connecting = new SiteAuthenticator(p.layout(), null);
        assertEquals("soon", connecting.authenticate(chain, "peer"));
        assertTrue(connecting.announceExpiry("soon", chain[0], now).isEmpty());
    }

    /** `provision renew --coordinator`: a new server certificate for the same names, and nodes accept it with their kits. */
    @Test
    void aRenewedCoordinatorCertificateKeepsItsNamesAndIsAccepted(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "a");
        X509Certificate before = Pem.readCertificate(p.layout().serverCert());
        X509Certificate after = p.renewCoordinator();
        assertTrue(!before.getSerialNumber().equals(after.getSerialNumber()));
        assertEquals(new ArrayList<>(before.getSubjectAlternativeNames()), new ArrayList<>(after.getSubjectAlternativeNames()));
        assertEquals(before.getSubjectX500Principal(), after.getSubjectX500Principal());
        assertTrue(!after.getNotAfter().before(before.getNotAfter()));
        assertTrue(!Pem.readPrivateKey(p.layout().serverKey()).equals(null));
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("a"), Duration.ofSeconds(5), Weights.DEFAULT_CHUNK_BYTES)) {
            StringBuilder log = new StringBuilder();
            assertEquals(0, check(p.layout().kit("a"), log), log.toString());
            assertTrue(log.toString().contains("valid until " + after.getNotAfter().toInstant()), log.toString());
        }
    }
}
