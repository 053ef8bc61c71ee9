package org.fedmed.net.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.provision.AdminCredentials;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.SiteAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's credentials and configuration: token storage, admin certificates, the {@code dashboard:} key. */
class DashboardCredentialsTest {

    @Test
    void theTokenIs256RandomBitsAndOnlyItsHashIsKeptOwnerOnly(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir);
        p.create("ward", List.of("a"), "localhost", 7443, List.of());
        String first = DashboardToken.create(p.layout());
        assertEquals(32, Base64.getUrlDecoder().decode(first).length);
        Path stored = p.layout().dashboardTokenHash();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        assertFalse(Files.readString(stored).contains(first), "the token itself is not stored");
        assertTrue(DashboardToken.matches(p.layout(), first));
        String second = DashboardToken.create(p.layout());
        assertNotEquals(first, second);
        assertFalse(DashboardToken.matches(p.layout(), first), "a new token replaces the old one");
        assertTrue(DashboardToken.matches(p.layout(), second));
        assertFalse(DashboardToken.matches(p.layout(), ""));
    }

    @Test
    void anAdminCertificateCannotJoinAsASite(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("ward", List.of("a"), "localhost", 7443, List.of());
        AdminCredentials.Issued alice = AdminCredentials.issue(p, "alice", dir.resolve("alice"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(alice.privateKey())));
        assertEquals(Map.of("alice", alice.serial()), AdminCredentials.admins(p.layout()));
        X509Certificate cert = Pem.readCertificate(alice.certificate());
        assertEquals("admin:alice", SiteAuthenticator.commonName(cert));
        List<SiteAuthenticator.Refusal> refusals = new ArrayList<>();
        SiteAuthenticator sites = new SiteAuthenticator(p.layout(), refusals::add);
        SiteAuthenticator.RefusedException e = assertThrows(SiteAuthenticator.RefusedException.class,
                () -> sites.authenticate(new X509Certificate[] {cert}, "127.0.0.1"));
        assertEquals(SiteAuthenticator.Reason.NOT_PROVISIONED, e.refusal().reason());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminCredentials.issue(p, "alice", dir.resolve("again")))
                .getMessage().contains("admin 'alice' already has a certificate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminCredentials.issue(p, "a:b", dir.resolve("x")))
                .getMessage().contains("admin name must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminCredentials.revoke(p, "mallory"))
                .getMessage().contains("admin 'mallory' has no certificate"));
    }

    @Test
    void theDashboardKeyAndOptionNameWhatIsWrong(@TempDir Path dir) {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("ward", List.of("a"), "localhost", 7443, List.of());
        CoordinatorConfig cfg = CoordinatorConfig.fromMap(Map.of("provisioning", "fed", "listen", "10.0.0.5:7443",
                "dashboard", "127.0.0.1:9443"), dir, "federation.yaml");
        assertEquals("127.0.0.1:9443", cfg.dashboard().toString());
        assertEquals("10.0.0.5:8443", cfg.withDashboard("8443").dashboard().toString(), "a bare port serves on the listen address");
        assertEquals("0.0.0.0:8443", cfg.withDashboard("0.0.0.0:8443").dashboard().toString());
        assertEquals("--dashboard: expected a port or host:port, got 'https'",
                assertThrows(IllegalArgumentException.class, () -> cfg.withDashboard("https")).getMessage());
        assertEquals("federation.yaml: dashboard: expected host:port, got 'yes'",
                assertThrows(IllegalArgumentException.class, () -> CoordinatorConfig.fromMap(Map.of("provisioning", "fed",
                        "dashboard", "yes"), dir, "federation.yaml")).getMessage());
        assertEquals(null, CoordinatorConfig.fromMap(Map.of("provisioning", "fed"), dir).dashboard());
    }
}
