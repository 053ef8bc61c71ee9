package org.fedmed.net.provision;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedmed.net.OwnerOnly;

/**
 * Creates and administers a federation's certificates with BouncyCastle: an EC P-256 certificate
 * authority, the coordinator's TLS server certificate, one client certificate per site packed in a
 * startup kit, and the revocation list. Keys never leave the machine that provisions (the CA key stays
 * in {@code ca/}); each kit holds only its own site's key.
 */
public final class Provisioner {

    public static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FederationLayout layout;

    public Provisioner(Path dir) {
        this.layout = new FederationLayout(dir);
    }

    public FederationLayout layout() {
        return layout;
    }

    /**
     * Creates a new federation in an empty or missing {@code dir}.
     *
     * @param coordinatorHost host name the nodes dial (also put in the server certificate)
     * @param extraHosts      further DNS names or IP addresses for the server certificate
     */
    public void create(String federation, List<String> sites, String coordinatorHost, int port, List<String> extraHosts) {
        if (federation == null || !SITE_ID.matcher(federation).matches()) {
            throw new IllegalArgumentException("federation name must be 1-64 letters, digits, '.', '_' or '-', got '" + federation + "'");
        }
        if (Files.exists(layout.caKey())) {
            throw new IllegalArgumentException(layout.root() + " already holds a federation (ca/ca.key exists); use `provision add-site`");
        }
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("give at least one site");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String s : sites) {
            checkSiteId(s);
            if (!unique.add(s)) {
                throw new IllegalArgumentException("site '" + s + "' is listed twice");
            }
        }
        Instant now = Instant.now();
        KeyPair ca = newKeyPair();
        X500Name caName = name(federation, federation + " federation CA");
        X509Certificate caCert = sign(caName, ca.getPrivate(), null, caName, ca.getPublic(), now, now.plus(CA_VALIDITY),
                Role.CA, List.of());
        Pem.writePrivateKey(layout.caKey(), ca.getPrivate());
        Pem.writeCertificate(layout.caCert(), caCert);
        Pem.writeCertificate(layout.coordinatorCaCert(), caCert);

        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        hosts.add(coordinatorHost);
        hosts.addAll(extraHosts);
        KeyPair server = newKeyPair();
        X509Certificate serverCert = sign(caName, ca.getPrivate(), caCert, name(federation, "coordinator"), server.getPublic(),
                now, now.plus(LEAF_VALIDITY), Role.SERVER, List.copyOf(hosts));
        Pem.writePrivateKey(layout.serverKey(), server.getPrivate());
        Pem.writeCertificate(layout.serverCert(), serverCert);

        Properties fed = new Properties();
        fed.setProperty("federation", federation);
        fed.setProperty("coordinator", coordinatorHost + ":" + port);
        store(fed, layout.federationProperties(), "FedMed federation");
        store(new Properties(), layout.sitesRegistry(), "provisioned sites: id = certificate serial (hex)");
        writeCrl(List.of());
        writeCoordinatorConfig(federation, port);
        for (String s : unique) {
            addSite(s, now, now.plus(LEAF_VALIDITY));
        }
    }

    /** Issues a certificate and startup kit for a new site from the existing CA; other sites are untouched. */
    public NodeKit addSite(String site) {
        Instant now = Instant.now();
        return addSite(site, now, now.plus(LEAF_VALIDITY));
    }

    /** As {@link #addSite(String)} with an explicit validity (tests use it for expired certificates). */
    public NodeKit addSite(String site, Instant notBefore, Instant notAfter) {
        checkSiteId(site);
        requireFederation();
        Properties registry = load(layout.sitesRegistry());
        if (registry.containsKey(site)) {
            throw new IllegalArgumentException("site '" + site + "' is already provisioned (serial " + registry.getProperty(site) + ")");
        }
        return issue(site, notBefore, notAfter, registry);
    }

    /**
     * A new key and certificate for a provisioned site whose certificate expires (or was lost): the kit under
     * {@code kits/<site>} is rewritten and the registry names the new serial, so the coordinator refuses the
     * old certificate from the site's next connection on. A revoked site is not renewed.
     */
    public NodeKit renew(String site) {
        checkSiteId(site);
        requireFederation();
        Properties registry = load(layout.sitesRegistry());
        String serial = registry.getProperty(site);
        if (serial == null) {
            throw new IllegalArgumentException("site '" + site + "' is not provisioned in " + layout.root() + " (add it with add-site)");
        }
        if (revokedSerials().contains(new BigInteger(serial, 16))) {
            throw new IllegalArgumentException("site '" + site + "' is revoked; a revoked site is not renewed");
        }
        Instant now = Instant.now();
        return issue(site, now, now.plus(LEAF_VALIDITY), registry);
    }

    /**
     * A new key and TLS certificate for the coordinator, for the same host names and addresses as the one it
     * replaces (its certificate expires; nodes check it against the CA, so their kits do not change).
     *
     * @return the new certificate
     */
    public X509Certificate renewCoordinator() {
        requireFederation();
        X509Certificate old = Pem.readCertificate(layout.serverCert());
        List<String> hosts = new ArrayList<>();
        try {
            if (old.getSubjectAlternativeNames() != null) {
                old.getSubjectAlternativeNames().forEach(san -> hosts.add(String.valueOf(san.get(1))));
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException(layout.serverCert() + ": unreadable host names: " + e.getMessage(), e);
        }
        X509Certificate caCert = Pem.readCertificate(layout.caCert());
        Instant now = Instant.now();
        KeyPair server = newKeyPair();
        X509Certificate cert = sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), Pem.readPrivateKey(layout.caKey()),
                caCert, X500Name.getInstance(old.getSubjectX500Principal().getEncoded()), server.getPublic(), now,
                now.plus(LEAF_VALIDITY), Role.SERVER, hosts);
        Pem.writePrivateKey(layout.serverKey(), server.getPrivate());
        Pem.writeCertificate(layout.serverCert(), cert);
        return cert;
    }

    private NodeKit issue(String site, Instant notBefore, Instant notAfter, Properties registry) {
        Properties fed = load(layout.federationProperties());
        String federation = fed.getProperty("federation");
        NodeKit.HostPort coordinator = NodeKit.HostPort.parse(fed.getProperty("coordinator"));
        X509Certificate caCert = Pem.readCertificate(layout.caCert());
        PrivateKey caKey = Pem.readPrivateKey(layout.caKey());
        KeyPair kp = newKeyPair();
        X509Certificate cert = sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caKey, caCert,
                name(federation, site), kp.getPublic(), notBefore, notAfter, Role.CLIENT, List.of());
        NodeKit kit = new NodeKit(layout.kit(site), federation, site, coordinator.host(), coordinator.port());
        kit.writeConfig();
        Pem.writePrivateKey(kit.privateKey(), kp.getPrivate());
        Pem.writeCertificate(kit.certificate(), cert);
        Pem.writeCertificate(kit.caCertificate(), caCert);
        registry.setProperty(site, cert.getSerialNumber().toString(16));
        store(registry, layout.sitesRegistry(), "provisioned sites: id = certificate serial (hex)");
        return kit;
    }

    /** Adds the site's certificate to the revocation list; the coordinator refuses it at its next connection. */
    public void revoke(String site) {
        requireFederation();
        Properties registry = load(layout.sitesRegistry());
        String serial = registry.getProperty(site);
        if (serial == null) {
            throw new IllegalArgumentException("site '" + site + "' is not provisioned in " + layout.root());
        }
        List<BigInteger> revoked = new ArrayList<>(revokedSerials());
        BigInteger s = new BigInteger(serial, 16);
        if (!revoked.contains(s)) {
            revoked.add(s);
        }
        writeCrl(revoked);
    }

    /** Serials on the current revocation list. */
    public List<BigInteger> revokedSerials() {
        if (!Files.exists(layout.revocationList())) {
            return List.of();
        }
        X509CRL crl = Pem.readCrl(layout.revocationList());
        List<BigInteger> out = new ArrayList<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry e : crl.getRevokedCertificates()) {
                out.add(e.getSerialNumber());
            }
        }
        return out;
    }

    /** Provisioned site ids and their certificate serials. */
    public Map<String, String> sites() {
        Map<String, String> out = new TreeMap<>();
        load(layout.sitesRegistry()).forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** Provisioned sites whose certificates are not revoked, sorted; empty where nothing is provisioned yet. */
    public Set<String> activeSites() {
        if (!Files.exists(layout.sitesRegistry())) {
            return Set.of();
        }
        Set<BigInteger> revoked = new HashSet<>(revokedSerials());
        Set<String> out = new TreeSet<>();
        sites().forEach((id, serial) -> {
            if (!revoked.contains(new BigInteger(serial, 16))) {
                out.add(id);
            }
        });
        return out;
    }

    /** A certificate for {@code site} signed by a different, throw-away CA (for tests of refusals). */
    public static NodeKit foreignKit(Path dir, String site, String coordinatorHost, int port) {
        Instant now = Instant.now();
        KeyPair ca = newKeyPair();
        X500Name caName = name("impostor", "impostor CA");
        X509Certificate caCert = sign(caName, ca.getPrivate(), null, caName, ca.getPublic(), now, now.plus(CA_VALIDITY), Role.CA, List.of());
        KeyPair kp = newKeyPair();
        X509Certificate cert = sign(caName, ca.getPrivate(), caCert, name("impostor", site), kp.getPublic(), now,
                now.plus(LEAF_VALIDITY), Role.CLIENT, List.of());
        NodeKit kit = new NodeKit(dir, "impostor", site, coordinatorHost, port);
        kit.writeConfig();
        Pem.writePrivateKey(kit.privateKey(), kp.getPrivate());
        Pem.writeCertificate(kit.certificate(), cert);
        return kit;
    }

    private void writeCrl(List<BigInteger> serials) {
        X509Certificate caCert = Pem.readCertificate(layout.caCert());
        PrivateKey caKey = Pem.readPrivateKey(layout.caKey());
        Date now = new Date();
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCert, now);
        b.setNextUpdate(Date.from(now.toInstant().plus(CA_VALIDITY)));
        // a serial already listed keeps its revocation date: an audit verifier trusts entries signed before it
        Map<BigInteger, Date> since = new HashMap<>();
        if (Files.exists(layout.revocationList())) {
            X509CRL old = Pem.readCrl(layout.revocationList());
            if (old.getRevokedCertificates() != null) {
                old.getRevokedCertificates().forEach(e -> since.put(e.getSerialNumber(), e.getRevocationDate()));
            }
        }
        for (BigInteger s : serials) {
            b.addCRLEntry(s, since.getOrDefault(s, now), CRLReason.privilegeWithdrawn);
        }
        try {
            X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer(caKey)));
            Pem.writeCrl(layout.revocationList(), crl);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the revocation list", e);
        }
    }

    private void writeCoordinatorConfig(String federation, int port) {
        String yaml = """
                # FedMed coordinator configuration (fedmed coordinator --config THIS_FILE)
                federation: %s
                provisioning: %s
                listen: 0.0.0.0:%d
                # db: jdbc:postgresql://host/fedmed?user=fedmed&password=...   (default: H2 file in coordinator/state)
                round_deadline_seconds: 600
                site_wait_seconds: 60
                start_wait_seconds: 600
                # the study, as in a simulation run spec (dataset, partition, sites, strategy, params, lr, ...)
                study:
                  dataset: wdbc
                  strategy: fedavg
                  rounds: 10
                  seed: 42
                """.formatted(federation, layout.root().toAbsolutePath(), port);
        try {
            Files.writeString(layout.coordinatorConfig(), yaml, StandardCharsets.UTF_8);
            // it is where an operator adds the database URL, credentials included
            OwnerOnly.restrict(layout.coordinatorConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireFederation() {
        if (!Files.exists(layout.caKey()) || !Files.exists(layout.sitesRegistry())) {
            throw new IllegalArgumentException(layout.root() + " is not a provisioned federation (run `fedmed provision` first)");
        }
    }

    private static void checkSiteId(String s) {
        if (s == null || !SITE_ID.matcher(s).matches()) {
            throw new IllegalArgumentException("site id must be 1-64 letters, digits, '.', '_' or '-', got '" + s + "'");
        }
    }

    private enum Role { CA, SERVER, CLIENT }

    private static X500Name name(String federation, String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "FedMed " + federation).addRDN(BCStyle.CN, cn).build();
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name issuer, PrivateKey issuerKey, X509Certificate issuerCert, X500Name subject,
                                        PublicKey subjectKey, Instant notBefore, Instant notAfter, Role role, List<String> hosts) {
        try {
            BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            switch (role) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SERVER -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    List<GeneralName> names = new ArrayList<>();
                    for (String h : hosts) {
                        names.add(new GeneralName(isIpAddress(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
                    }
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
                }
                case CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKey)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    private static boolean isIpAddress(String h) {
        if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                InetAddress.getByName(h);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    private static void store(Properties p, Path file, String comment) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, comment);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

}
