package org.fedmed.net.provision;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Dashboard administrators' client certificates, issued by the federation CA. The common name is
 * {@code admin:NAME}: a colon is not allowed in a site id, so an admin certificate can never join as a
 * site, and a site's certificate is never an admin's (its serial is not in {@code admins.properties}).
 */
public final class AdminCredentials {

    /** The common-name prefix of an admin certificate. */
    public static final String PREFIX = "admin:";

    /** Where an issued admin credential was written. */
    public record Issued(Path certificate, Path privateKey, Path caCertificate, String serial) {
    }

    private AdminCredentials() {
    }

    /** Issues a certificate for administrator {@code name} into {@code out} (admin.crt, admin.key owner-only, ca.crt). */
    public static Issued issue(Provisioner p, String name, Path out) {
        if (name == null || !Provisioner.SITE_ID.matcher(name).matches()) {
            throw new IllegalArgumentException("admin name must be 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        p.requireFederation();
        FederationLayout layout = p.layout();
        Properties registry = Files.exists(layout.adminsRegistry()) ? Provisioner.load(layout.adminsRegistry()) : new Properties();
        if (registry.containsKey(name)) {
            throw new IllegalArgumentException("admin '" + name + "' already has a certificate (serial " + registry.getProperty(name)
                    + "); pick another name");
        }
        String federation = Provisioner.load(layout.federationProperties()).getProperty("federation");
        X509Certificate caCert = Pem.readCertificate(layout.caCert());
        PrivateKey caKey = Pem.readPrivateKey(layout.caKey());
        KeyPair kp = Provisioner.newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = Provisioner.sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caKey, caCert,
                Provisioner.name(federation, PREFIX + name), kp.getPublic(), now, now.plus(Provisioner.LEAF_VALIDITY),
                Provisioner.Role.CLIENT, List.of());
        Issued issued = new Issued(out.resolve("admin.crt"), out.resolve("admin.key"), out.resolve("ca.crt"),
                cert.getSerialNumber().toString(16));
        Pem.writePrivateKey(issued.privateKey(), kp.getPrivate());
        Pem.writeCertificate(issued.certificate(), cert);
        Pem.writeCertificate(issued.caCertificate(), caCert);
        registry.setProperty(name, issued.serial());
        Provisioner.store(registry, layout.adminsRegistry(), "dashboard administrators: name = certificate serial (hex)");
        return issued;
    }

    /** Administrators and their certificate serials (hex); empty when none was issued. */
    public static Map<String, String> admins(FederationLayout layout) {
        Map<String, String> out = new TreeMap<>();
        if (Files.exists(layout.adminsRegistry())) {
            Provisioner.load(layout.adminsRegistry()).forEach((k, v) -> out.put((String) k, (String) v));
        }
        return out;
    }

    /** Puts administrator {@code name}'s certificate on the revocation list: the dashboard refuses it from the next request on. */
    public static void revoke(Provisioner p, String name) {
        p.requireFederation();
        String serial = admins(p.layout()).get(name);
        if (serial == null) {
            throw new IllegalArgumentException("admin '" + name + "' has no certificate in " + p.layout().adminsRegistry());
        }
        p.revokeSerial(new BigInteger(serial, 16));
    }

    /** Whether {@code serial} is on the federation's revocation list. */
    public static boolean revoked(Provisioner p, BigInteger serial) {
        return p.revokedSerials().contains(serial);
    }
}
