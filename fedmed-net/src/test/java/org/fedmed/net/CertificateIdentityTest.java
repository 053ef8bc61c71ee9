package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.identity.Signatures;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.CertificateIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X.509 verifier of secure aggregation's signing credentials: the federation's site certificates only, by name. */
class CertificateIdentityTest {

    private static byte[] der(Path pem) throws Exception {
        return Pem.readCertificate(pem).getEncoded();
    }

    private static String refusal(CertificateIdentity v, String site, byte[] credential) {
        SecureStepException e = assertThrows(SecureStepException.class, () -> v.verifiedKey(site, credential));
        assertEquals("identity", e.step());
        assertTrue(e.getMessage().startsWith("secure aggregation: site " + site + ": signing credential refused: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void acceptsAKitsCertificateForItsSiteAndRefusesEverythingElseWithTheReason(@TempDir Path dir) throws Exception {
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), 4000, "site-1", "site-2", "coordinator-x");
        NodeKit kit = NodeKit.load(p.layout().kit("site-1"));
        CertificateIdentity v = CertificateIdentity.fromCaFile(kit.caCertificate());

        // the kit's identity: its certificate is the credential, its key signs, and the verifier returns the matching key
        SiteIdentity me = CertificateIdentity.siteIdentity(kit);
        byte[] data = "advertise".getBytes();
        assertTrue(Signatures.verify(v.verifiedKey("site-1", me.credential()), data, me.sign(data)));
        assertArrayEquals(Pem.readCertificate(kit.certificate()).getPublicKey().getEncoded(),
                v.verifiedKey("site-1", der(kit.certificate())).getEncoded());

        // another site's genuine certificate claimed for site-1 (the coordinator relaying site-2's advertisement as site-1's)
        assertTrue(refusal(v, "site-1", der(p.layout().kit("site-2").resolve("node.crt")))
                .endsWith("its certificate was issued to 'site-2'"));

        // a certificate with the right name from another CA
        NodeKit foreign = Provisioner.foreignKit(dir.resolve("foreign"), "site-1", "localhost", 4000);
        assertTrue(refusal(v, "site-1", der(foreign.certificate())).contains("not by this federation's CA"));

        // expired, and not yet valid
        Instant now = Instant.now();
        p.addSite("old", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        assertTrue(refusal(v, "old", der(p.layout().kit("old").resolve("node.crt"))).contains("its certificate expired on "));
        CertificateIdentity past = new CertificateIdentity(Pem.readCertificate(kit.caCertificate()),
                Clock.fixed(now.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertTrue(refusal(past, "site-1", der(kit.certificate())).contains("is valid only from "));

        // the coordinator's TLS server certificate and the CA's own certificate are no site's credentials
        X509Certificate server = Pem.readCertificate(p.layout().serverCert());
        assertTrue(refusal(v, "coordinator", server.getEncoded()).contains("not a site certificate (no clientAuth key usage)"));
        assertTrue(refusal(v, "site-1", der(p.layout().caCert())).contains("is a CA certificate"));

        // not a certificate at all; nothing
        assertTrue(refusal(v, "site-1", me.signingKey().getEncoded().length > 0 ? new byte[] {1, 2, 3} : null)
                .endsWith("its credential is not an X.509 certificate"));
        assertTrue(refusal(v, "site-1", new byte[0]).endsWith("it sent no certificate"));
    }
}
