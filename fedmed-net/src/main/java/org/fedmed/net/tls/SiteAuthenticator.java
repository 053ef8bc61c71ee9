package org.fedmed.net.tls;

import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;

/**
 * The coordinator's trust decision about a connecting node, made during the TLS handshake (and again
 * on every call, so a revocation takes effect at the next connection even over a resumed session):
 * the certificate must be signed by the federation CA, currently valid, meant for client
 * authentication, provisioned for its site (same serial as in {@code sites.properties}) and not on
 * the revocation list. Every refusal is reported with one of the {@link Reason}s.
 *
 * <p>The site id is the certificate's subject CN; nothing a node says in a message can change it.
 */
public final class SiteAuthenticator extends X509ExtendedTrustManager {

    private static final System.Logger LOG = System.getLogger(SiteAuthenticator.class.getName());

    /** Why a certificate was refused. */
    public enum Reason { NO_CERTIFICATE, UNKNOWN_CA, EXPIRED, NOT_YET_VALID, NOT_A_CLIENT_CERTIFICATE, NOT_PROVISIONED, REVOKED }

    /** A refused connection: who (the peer address, the certificate subject), and why. */
    public record Refusal(String peer, String subject, Reason reason, String detail) {
        @Override
        public String toString() {
            return "refused " + (peer == null ? "a node" : peer) + " (" + subject + "): " + reason + ": " + detail;
        }
    }

    /** A refusal as an exception (it fails the handshake or the call). */
    public static final class RefusedException extends CertificateException {
        private final transient Refusal refusal;

        RefusedException(Refusal r) {
            super(r.reason() + ": " + r.detail());
            this.refusal = r;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final FederationLayout layout;
    private final X509Certificate ca;
    private final Consumer<Refusal> sink;
    private volatile State state = new State(Map.of(), Set.of(), null, null);
    /** Told (site, serial) for each revoked certificate as the revocation list is read; nothing by default. */
    private volatile BiConsumer<String, String> revocations = (site, serial) -> { };
    /** Sites whose coming certificate expiry this process has announced (once each, not at every call). */
    private final Set<String> expiryAnnounced = ConcurrentHashMap.newKeySet();

    private record State(Map<String, String> sites, Set<BigInteger> revoked, FileTime sitesTime, FileTime crlTime) {
    }

    public SiteAuthenticator(FederationLayout layout, Consumer<Refusal> sink) {
        this.layout = layout;
        this.ca = Pem.readCertificate(layout.coordinatorCaCert());
        this.sink = sink;
        reload();
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** Checks a node's chain and returns its site id; reports and throws on refusal. */
    public String authenticate(X509Certificate[] chain, String peer) throws RefusedException {
        if (chain == null || chain.length == 0) {
            throw refuse(peer, "(none)", Reason.NO_CERTIFICATE, "the node presented no client certificate");
        }
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw refuse(peer, subject, Reason.UNKNOWN_CA, "issued by '" + leaf.getIssuerX500Principal().getName()
                    + "', not by this federation's CA");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw refuse(peer, subject, Reason.EXPIRED, "certificate expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw refuse(peer, subject, Reason.NOT_YET_VALID, "certificate valid only from " + leaf.getNotBefore().toInstant());
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku == null || !eku.contains("1.3.6.1.5.5.7.3.2")) {
                throw refuse(peer, subject, Reason.NOT_A_CLIENT_CERTIFICATE, "certificate lacks the clientAuth key usage");
            }
        } catch (CertificateParsingException e) {
            throw refuse(peer, subject, Reason.NOT_A_CLIENT_CERTIFICATE, "unreadable extended key usage");
        }
        String site = commonName(leaf);
        State s = reload();
        String serial = leaf.getSerialNumber().toString(16);
        if (site == null || !Provisioner.SITE_ID.matcher(site).matches() || !s.sites().containsKey(site)) {
            throw refuse(peer, subject, Reason.NOT_PROVISIONED, "site '" + site + "' is not provisioned in this federation");
        }
        if (s.revoked().contains(leaf.getSerialNumber())) {
            throw refuse(peer, subject, Reason.REVOKED, "certificate serial " + serial + " of site '" + site + "' is revoked");
        }
        if (!serial.equalsIgnoreCase(s.sites().get(site))) {
            throw refuse(peer, subject, Reason.NOT_PROVISIONED, "certificate serial " + serial
                    + " is not the one provisioned for site '" + site + "'");
        }
        announceExpiry(site, leaf, Instant.now());
        return site;
    }

    /**
     * The coordinator's operator hears of a site certificate that expires within {@link KitCheck#WARN_AHEAD}
     * (the node's operator does too, from its kit check), so a renewal is not left to the day it stops working.
     * Called by {@link #authenticate}; returns the line logged, or empty (not due, or announced already).
     */
    public Optional<String> announceExpiry(String site, X509Certificate leaf, Instant now) {
        Instant end = leaf.getNotAfter().toInstant();
        Optional<Long> days = KitCheck.daysLeftWhenDue(end, now);
        if (days.isEmpty() || !expiryAnnounced.add(site)) {
            return Optional.empty();
        }
        String line = "site '" + site + "': its certificate expires on " + end + " (in " + days.get()
                + " day(s)); renew it with: fedmed provision renew --dir " + layout.root() + " --site " + site;
        LOG.log(System.Logger.Level.WARNING, line);
        return Optional.of(line);
    }

    /**
     * Tells {@code listener} (site, serial in hex) of every certificate on the revocation list now, and of
     * each one added later, as the list is re-read (at the next connection after it changed).
     */
    public void onRevocation(BiConsumer<String, String> listener) {
        this.revocations = listener;
        State s = reload();
        s.revoked().forEach(serial -> listener.accept(siteOf(s, serial), serial.toString(16)));
    }

    /** The site a serial was issued to, as the registry says; "unknown" for one no longer in it (renewed). */
    private static String siteOf(State s, BigInteger serial) {
        String hex = serial.toString(16);
        return s.sites().entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(hex)).map(Map.Entry::getKey).findFirst()
                .orElse("unknown");
    }

    /** Provisioned site ids (re-read when the registry file changes). */
    public Set<String> provisionedSites() {
        return reload().sites().keySet();
    }

    private RefusedException refuse(String peer, String subject, Reason reason, String detail) {
        Refusal r = new Refusal(peer, subject, reason, detail);
        LOG.log(System.Logger.Level.WARNING, r.toString());
        if (sink != null) {
            sink.accept(r);
        }
        return new RefusedException(r);
    }

    private synchronized State reload() {
        State s = state;
        try {
            FileTime st = Files.getLastModifiedTime(layout.sitesRegistry());
            Path crlFile = layout.revocationList();
            FileTime ct = Files.exists(crlFile) ? Files.getLastModifiedTime(crlFile) : null;
            if (st.equals(s.sitesTime()) && Objects.equals(ct, s.crlTime())) {
                return s;
            }
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(layout.sitesRegistry())) {
                p.load(r);
            }
            Map<String, String> sites = new TreeMap<>();
            p.forEach((k, v) -> sites.put((String) k, ((String) v).trim()));
            Set<BigInteger> revoked = new HashSet<>();
            if (ct != null) {
                X509CRL crl = Pem.readCrl(crlFile);
                crl.verify(ca.getPublicKey());
                if (crl.getRevokedCertificates() != null) {
                    crl.getRevokedCertificates().forEach(e -> revoked.add(e.getSerialNumber()));
                }
            }
            Set<BigInteger> before = s.revoked();
            s = new State(Map.copyOf(sites), Set.copyOf(revoked), st, ct);
            state = s;
            for (BigInteger serial : revoked) {
                if (!before.contains(serial)) {
                    revocations.accept(siteOf(s, serial), serial.toString(16));
                }
            }
            return s;
        } catch (Exception e) {
            // keep the last good lists; a broken or forged revocation list must not silently un-revoke anyone
            LOG.log(System.Logger.Level.ERROR, "cannot reload the site registry or revocation list, keeping the previous ones: " + e.getMessage());
            if (s.sitesTime() == null) {
                throw new IllegalStateException("cannot read the site registry " + layout.sitesRegistry() + ": " + e.getMessage(), e);
            }
            return s;
        }
    }

    public static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    // ---- X509ExtendedTrustManager: only client checks happen here ----

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        String peer = engine == null || engine.getPeerHost() == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort();
        authenticate(chain, peer);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        authenticate(chain, socket == null ? null : String.valueOf(socket.getRemoteSocketAddress()));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authenticate(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the coordinator does not accept server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the coordinator does not accept server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the coordinator does not accept server certificates");
    }

    /**
     * Empty on purpose: the server then does not restrict which certificate a client picks, so a node
     * holding a certificate from another CA still presents it and is refused with a clear reason,
     * rather than failing with an anonymous "empty certificate chain".
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
