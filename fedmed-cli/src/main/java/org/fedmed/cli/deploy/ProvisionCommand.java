package org.fedmed.cli.deploy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedmed.net.dashboard.DashboardToken;
import org.fedmed.net.provision.AdminCredentials;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.PaillierProvisioning;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed provision}: a federation's CA, the coordinator's certificate and one startup kit per site. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Create a federation: its certificate authority (EC P-256), the coordinator's TLS certificate and one",
                "startup kit per site (DIR/kits/<site>: node.properties, node.crt, node.key, ca.crt).",
                "Keep DIR/ca private; hand each hospital only its own kit."},
        subcommands = {ProvisionCommand.AddSite.class, ProvisionCommand.Renew.class, ProvisionCommand.Revoke.class,
            ProvisionCommand.Paillier.class, ProvisionCommand.Admin.class, ProvisionCommand.DashboardTokenCommand.class})
public final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--federation", paramLabel = "NAME", description = "Name of the federation.")
    String federation;

    @Option(names = "--sites", split = ",", paramLabel = "A,B,C", description = "Site ids (hospitals).")
    List<String> sites;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to create.")
    Path out;

    @Option(names = "--coordinator-host", defaultValue = "localhost", paramLabel = "HOST",
            description = "Host name the nodes dial (default: ${DEFAULT-VALUE}); also in the server certificate.")
    String host;

    @Option(names = "--port", defaultValue = "7443", paramLabel = "PORT", description = "Coordinator port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--hosts", split = ",", paramLabel = "H1,H2", description = "More DNS names / IP addresses for the server certificate.")
    List<String> hosts = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (federation == null || sites == null || out == null) {
            // required here but not for the add-site / revoke subcommands
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "provision needs --federation NAME --sites A,B,C --out DIR (or a subcommand: add-site, revoke)");
        }
        Provisioner p = new Provisioner(out);
        p.create(federation, sites, host, port, hosts);
        System.out.println("federation " + federation + " provisioned in " + out);
        System.out.println("  coordinator: " + p.layout().coordinatorDir() + " (start with: fedmed coordinator --config "
                + p.layout().coordinatorConfig() + ")");
        for (String s : sites) {
            System.out.println("  kit for " + s + ": " + p.layout().kit(s));
        }
        return 0;
    }

    /** {@code fedmed provision add-site}. */
    @Command(name = "add-site", mixinStandardHelpOptions = true,
            description = "Issue a certificate and startup kit for a new site from the existing CA; other sites are untouched.")
    static final class AddSite implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        @Option(names = "--site", required = true, paramLabel = "ID", description = "The new site's id.")
        String site;

        @Override
        public Integer call() {
            NodeKit kit = new Provisioner(dir).addSite(site);
            System.out.println("site " + site + " provisioned; kit: " + kit.dir()
                    + " (a running coordinator of a demo-data study lets it join from its first connection; an own-data"
                    + " study's members are fixed by its statistics step)");
            return 0;
        }
    }

    /** {@code fedmed provision renew}. */
    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = {"Issue a new key and certificate for a provisioned site (one whose certificate expires): its kit is",
                    "rewritten and the coordinator refuses the old certificate from the site's next connection on.",
                    "With --coordinator: a new TLS certificate for the coordinator, same host names; restart it to use it."})
    static final class Renew implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        static final class Which {
            @Option(names = "--site", required = true, paramLabel = "ID", description = "The site to renew.")
            String site;

            @Option(names = "--coordinator", required = true, description = "Renew the coordinator's certificate instead.")
            boolean coordinator;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Override
        public Integer call() {
            if (which.coordinator) {
                X509Certificate cert = new Provisioner(dir).renewCoordinator();
                System.out.println("coordinator certificate renewed: valid until " + cert.getNotAfter().toInstant() + "; copy "
                        + new Provisioner(dir).layout().serverCert() + " and server.key to the coordinator host and restart it; a study"
                        + " digest covers the coordinator's certificate, so hospitals that approve by digest approve its studies again"
                        + " (a policy.yaml trusting the coordinator's subject needs nothing)");
                return 0;
            }
            String site = which.site;
            NodeKit kit = new Provisioner(dir).renew(site);
            X509Certificate cert = Pem.readCertificate(kit.certificate());
            System.out.println("site " + site + " renewed: certificate valid until " + cert.getNotAfter().toInstant() + "; copy "
                    + kit.certificate() + " and " + kit.privateKey() + " into the hospital's kit (keep its privacy-ledger.txt);"
                    + " the old certificate is refused from now on");
            return 0;
        }
    }

    /** {@code fedmed provision revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a site's certificate (the coordinator refuses it from its next connection on) or a dashboard"
                    + " administrator's (refused from the next request on).")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        @Option(names = "--site", paramLabel = "ID", description = "The site to revoke.")
        String site;

        @Option(names = "--admin", paramLabel = "NAME", description = "The dashboard administrator to revoke.")
        String admin;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if ((site == null) == (admin == null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "revoke needs one of --site ID or --admin NAME");
            }
            Provisioner p = new Provisioner(dir);
            if (admin != null) {
                AdminCredentials.revoke(p, admin);
                System.out.println("admin " + admin + " revoked; revocation list: " + p.layout().revocationList());
                return 0;
            }
            p.revoke(site);
            System.out.println("site " + site + " revoked; revocation list: " + p.layout().revocationList());
            return 0;
        }
    }

    /** {@code fedmed provision paillier}. */
    @Command(name = "paillier", mixinStandardHelpOptions = true,
            description = {"Deal a threshold Paillier key for secure_aggregation: paillier: the coordinator gets the public key",
                    "(DIR/coordinator/paillier-public.key), each provisioned site its own key share",
                    "(DIR/kits/<site>/paillier-share.key, owner-only); t of the sites must take part to decrypt a sum."})
    static final class Paillier implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        @Option(names = "--threshold", defaultValue = "0", paramLabel = "T",
                description = "Key shares needed to decrypt (default: a majority of the provisioned sites).")
        int threshold;

        @Option(names = "--bits", defaultValue = "2048", paramLabel = "BITS", description = "Key size (default and minimum: 2048).")
        int bits;

        @Override
        public Integer call() {
            FederationLayout layout = new FederationLayout(dir);
            PaillierProvisioning.CoordinatorKey key = PaillierProvisioning.deal(layout, threshold, bits);
            System.out.println("threshold Paillier key dealt: " + key.publicKey().bits() + " bits, " + key.threshold() + " of "
                    + key.holders() + " sites decrypt; public key " + layout.coordinatorDir().resolve(PaillierProvisioning.PUBLIC_KEY)
                    + ", a share in each kit (" + PaillierProvisioning.SHARE + ")");
            return 0;
        }
    }

    /** {@code fedmed provision admin}. */
    @Command(name = "admin", mixinStandardHelpOptions = true,
            description = {"Issue a dashboard administrator's client certificate from the federation CA (common name admin:NAME,",
                    "listed in DIR/coordinator/admins.properties): OUT/admin.crt, OUT/admin.key (owner-only) and OUT/ca.crt.",
                    "It logs in to the coordinator's dashboard; it cannot join the federation as a site."})
    static final class Admin implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The administrator's name.")
        String name;

        @Option(names = "--out", required = true, paramLabel = "OUT", description = "Where to write the credential.")
        Path out;

        @Override
        public Integer call() {
            AdminCredentials.Issued issued = AdminCredentials.issue(new Provisioner(dir), name, out);
            System.out.println("admin " + name + ": certificate " + issued.certificate() + ", key " + issued.privateKey()
                    + " (serial " + issued.serial() + "); hand them only to " + name);
            return 0;
        }
    }

    /** {@code fedmed provision dashboard-token}. */
    @Command(name = "dashboard-token", mixinStandardHelpOptions = true,
            description = {"Make a new login token for the coordinator's dashboard (256 random bits) and print it once; the",
                    "coordinator keeps only its SHA-256 (DIR/coordinator/dashboard-token.sha256, owner-only). A new token",
                    "replaces the old one."})
    static final class DashboardTokenCommand implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The federation's directory.")
        Path dir;

        @Override
        public Integer call() {
            FederationLayout layout = new FederationLayout(dir);
            String token = DashboardToken.create(layout);
            System.out.println(token);
            System.err.println("dashboard token made (printed once, on standard output); its hash is in " + layout.dashboardTokenHash());
            return 0;
        }
    }
}
