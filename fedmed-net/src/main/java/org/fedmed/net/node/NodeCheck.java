package org.fedmed.net.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.dicom.DicomTableSource;
import org.fedmed.fhir.FhirTableSource;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.tls.Tls;

/**
 * {@code fedmed node --check}: a dry run a hospital's IT can do before the study starts. It checks the
 * kit (files, key permissions, certificate dates and issuer), the data source, and the coordinator:
 * that host:port answers and that a TLS handshake with the kit's certificate is accepted (TLS 1.3 tells
 * a client its certificate was refused only after the handshake, so the check waits for the
 * coordinator's first bytes). It joins no study: no gRPC call is made. One line per check; the exit
 * code is 0 when every check passed, 1 otherwise.
 */
public final class NodeCheck {

    /** How long the coordinator has to connect, and then to answer or refuse the handshake. */
    static final int TIMEOUT_MILLIS = 5000;

    private final PrintStream out;
    private boolean failed;

    private NodeCheck(PrintStream out) {
        this.out = out;
    }

    /** Runs the checks for a node started with {@code o}; returns the exit code. */
    public static int run(NodeMain.Options o, PrintStream out) {
        NodeCheck c = new NodeCheck(out);
        NodeKit kit;
        try {
            kit = NodeKit.load(o.kit());
        } catch (RuntimeException e) {
            c.fail("kit " + o.kit() + ": " + e.getMessage());
            return 1;
        }
        c.ok("kit " + kit.dir() + ": site " + kit.siteId() + " of federation " + kit.federation() + ", coordinator "
                + kit.coordinatorHost() + ":" + kit.coordinatorPort());
        if (OwnerOnly.othersMayRead(kit.privateKey())) {
            c.fail("kit " + kit.dir() + ": node.key may be read by other users: chmod 600 " + kit.privateKey());
        }
        Optional<String> problem = KitCheck.problem(kit, Instant.now());
        if (problem.isPresent()) {
            c.fail(problem.get());
        } else {
            X509Certificate cert = Pem.readCertificate(kit.certificate());
            c.ok("certificate issued by the kit's CA, valid until " + cert.getNotAfter().toInstant());
            KitCheck.expiryWarning(kit, Instant.now()).ifPresent(out::println);
        }
        try {
            c.ok(StudyGate.status(o.kit()));
        } catch (IllegalArgumentException e) {
            c.fail(e.getMessage());
        }
        c.data(o);
        if (problem.isEmpty()) {
            c.coordinator(kit);
        }
        out.println(c.failed ? "check failed" : "all checks passed");
        return c.failed ? 1 : 0;
    }

    private void data(NodeMain.Options o) {
        if (o.data() != null && DicomTableSource.isDicom(o.data().toString())) {
            try {
                DicomTableSource source = DicomTableSource.of(o.data().toString(), o.labels(), line -> { });
                ok("DICOM folder " + source.dir().toAbsolutePath() + " and labels " + o.labels() + " (images are decoded when the"
                        + " study starts; `fedmed data inspect` shows what decodes)");
            } catch (RuntimeException e) {
                fail(e.getMessage());
            }
        } else if (o.data() != null && FhirTableSource.isFhir(o.data().toString())) {
            try {
                FhirTableSource source = (FhirTableSource) FhirTableSource.of(o.data().toString(), o.mapping());
                if (!Files.isDirectory(source.dir())) {
                    fail("FHIR folder " + source.dir().toAbsolutePath() + " does not exist");
                    return;
                }
                ok("FHIR folder " + source.dir().toAbsolutePath() + " and mapping " + o.mapping() + " (resources are read when the study"
                        + " starts; `fedmed data inspect` shows the table)");
            } catch (RuntimeException e) {
                fail(e.getMessage());
            }
        } else if (o.data() != null) {
            Path f = o.data().toAbsolutePath();
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                fail("data file " + f + " does not exist or is not readable");
            } else {
                ok("data file " + f + " is readable (its columns are checked against the study's schema when the study starts)");
            }
        } else {
            try {
                ok("demo dataset " + DatasetCatalog.canonicalName(o.dataset()));
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        }
    }

    private void coordinator(NodeKit kit) {
        String at = kit.coordinatorHost() + ":" + kit.coordinatorPort();
        try (SSLSocket s = (SSLSocket) context(kit).getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(kit.coordinatorHost(), kit.coordinatorPort()), TIMEOUT_MILLIS);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the node checks the host name, as its gRPC channel does
            if (!kit.coordinatorHost().matches("[0-9.]+|.*:.*")) { // SNI names a host, never an address
                p.setServerNames(List.of(new SNIHostName(kit.coordinatorHost())));
            }
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.startHandshake();
            X509Certificate server = (X509Certificate) s.getSession().getPeerCertificates()[0];
            InputStream in = s.getInputStream();
            try {
                // an accepted client gets the server's HTTP/2 settings; a refused one gets an alert
                if (in.read() < 0) {
                    fail("coordinator " + at + " closed the connection after the handshake");
                    return;
                }
            } catch (SocketTimeoutException quiet) {
                // nothing refused within the timeout: accepted as far as a dry run can tell
            } catch (IOException afterHandshake) {
                // TLS 1.3: the coordinator checks this node's certificate after the node's side of the handshake is done, so a
                // refusal arrives at the first read, as an alert or, when the close overtakes it, as a reset connection
                fail(afterHandshake instanceof SSLException ? ConnectionDiagnosis.describe(afterHandshake,
                        kit.coordinatorHost(), kit.coordinatorPort()) : ConnectionDiagnosis.refusedAfterHandshake(at, afterHandshake));
                return;
            }
            ok("coordinator " + at + " accepted this node's certificate (its own: " + server.getSubjectX500Principal().getName()
                    + ", valid until " + server.getNotAfter().toInstant() + ")");
        } catch (IOException e) {
            fail(ConnectionDiagnosis.describe(e, kit.coordinatorHost(), kit.coordinatorPort()));
        } catch (GeneralSecurityException e) {
            fail("kit " + kit.dir() + ": cannot use its key and certificates: " + e.getMessage());
        }
    }

    /** The node's TLS context as a plain JDK one: the kit's key and certificate, trusting the kit's CA only. */
    private static SSLContext context(NodeKit kit) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        keys.setKeyEntry("node", Pem.readPrivateKey(kit.privateKey()), none,
                new X509Certificate[] {Pem.readCertificate(kit.certificate())});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate(kit.caCertificate()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(Tls.PROTOCOL);
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private void ok(String line) {
        out.println("ok    " + line);
    }

    private void fail(String line) {
        failed = true;
        out.println("FAIL  " + line);
    }
}
