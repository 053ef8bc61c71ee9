package org.fedmed.net.coordinator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.FederatedData;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.dashboard.DashboardToken;
import org.fedmed.net.provision.AdminCredentials;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;

/**
 * {@code fedmed coordinator --check}: a dry run before a study starts. It checks the provisioning (the
 * server certificate's dates and key permissions, the sites that may take part), the study (supported
 * in a deployment, its strategy and protections assembled, a demo study's data split among the sites),
 * the run store (it opens with the configured URL) and the listen address (free to bind). Nothing is
 * served and no round runs. One line per check; exit code 0 when every check passed, 1 otherwise.
 */
public final class CoordinatorCheck {

    private final PrintStream out;
    private boolean failed;

    private CoordinatorCheck(PrintStream out) {
        this.out = out;
    }

    /** The dashboard's address is free and someone can log in to it (a token or an admin certificate is provisioned). */
    private static String dashboard(CoordinatorConfig config) {
        String at = config.dashboard().host() + ":" + config.dashboard().port();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(config.dashboard().host(), config.dashboard().port()));
        } catch (IOException e) {
            throw new IllegalArgumentException("dashboard address " + at + " cannot be bound: " + e.getMessage());
        }
        FederationLayout layout = new FederationLayout(config.provisioning());
        int admins = AdminCredentials.admins(layout).size();
        boolean token = DashboardToken.provisioned(layout);
        if (admins == 0 && !token) {
            throw new IllegalArgumentException("dashboard " + at + ": nobody can log in: provision a token (fedmed provision"
                    + " dashboard-token --dir " + layout.root() + ") or an admin certificate (fedmed provision admin --dir "
                    + layout.root() + " --name NAME --out DIR)");
        }
        return "dashboard address " + at + " is free; login by " + (token ? "the provisioned token" : "")
                + (token && admins > 0 ? " or " : "") + (admins > 0 ? admins + " admin certificate(s)" : "");
    }

    /** Runs the checks for {@code config} (run store URL {@code db}, or the configured one); returns the exit code. */
    public static int run(CoordinatorConfig config, String db, PrintStream out) {
        CoordinatorCheck c = new CoordinatorCheck(out);
        c.ok("configuration: federation " + config.federation() + ", " + config.rounds() + " rounds, listen " + config.listenHost() + ":"
                + config.port());
        FederationLayout layout = new FederationLayout(config.provisioning());
        List<String> sites = c.provisioning(layout);
        if (sites != null) {
            c.study(config, layout, sites);
        }
        c.attempt("run store", () -> {
            try (RunStore store = RunStore.open(config.jdbcUrl(db))) {
                List<RunStore.StudySummary> studies = store.studies();
                int others = (int) studies.stream().filter(st -> !st.name().equals(config.studyName())).count();
                RunStore.StudySummary mine = studies.stream().filter(st -> st.name().equals(config.studyName())).findFirst().orElse(null);
                if (mine != null && !mine.fingerprint().equals(config.fingerprint())) {
                    throw new IllegalArgumentException("the run store's study '" + mine.name() + "' was started with another"
                            + " configuration; restore it, or give this study another study_name");
                }
                String stored = mine == null ? "study '" + config.studyName() + "' not started yet"
                        : mine.roundsStored() + " of " + mine.plannedRounds() + " round(s) of study '" + mine.name() + "' stored";
                return "run store " + RunStore.redact(config.jdbcUrl(db)) + " opens, " + stored
                        + (others == 0 ? "" : ", " + others + " other stud" + (others == 1 ? "y" : "ies") + " (fedmed studies)");
            }
        });
        c.attempt("listen address", () -> {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(config.listenHost(), config.port()));
                return "listen address " + config.listenHost() + ":" + config.port() + " is free";
            } catch (IOException e) {
                throw new IllegalArgumentException("listen address " + config.listenHost() + ":" + config.port() + " cannot be bound: "
                        + e.getMessage() + " (another coordinator running?)");
            }
        });
        if (config.dashboard() != null) {
            c.attempt("dashboard", () -> dashboard(config));
        }
        out.println(c.failed ? "check failed" : "all checks passed");
        return c.failed ? 1 : 0;
    }

    /** The server certificate and the sites; null when the provisioning cannot be used. */
    private List<String> provisioning(FederationLayout layout) {
        if (!Files.isRegularFile(layout.serverCert()) || !Files.isRegularFile(layout.serverKey())) {
            fail("provisioning " + layout.root() + ": no server.crt / server.key under coordinator/ (is provisioning: the directory"
                    + " `fedmed provision --out` made?)");
            return null;
        }
        X509Certificate cert = Pem.readCertificate(layout.serverCert());
        Instant end = cert.getNotAfter().toInstant();
        Instant now = Instant.now();
        Optional<Long> due = KitCheck.daysLeftWhenDue(end, now);
        if (now.isAfter(end)) {
            fail("the coordinator's certificate " + layout.serverCert() + " expired on " + end);
        } else if (due.isPresent()) {
            ok("the coordinator's certificate is valid until " + end + " (warning: in " + due.get() + " day(s))");
        } else {
            ok("the coordinator's certificate is valid until " + end);
        }
        if (OwnerOnly.othersMayRead(layout.serverKey())) {
            fail(layout.serverKey() + " may be read by other users: chmod 600 " + layout.serverKey());
        }
        Provisioner p = new Provisioner(layout.root());
        List<String> active = List.copyOf(p.activeSites());
        int revoked = p.sites().size() - active.size();
        if (active.isEmpty()) {
            fail("no sites are provisioned (and not revoked) in " + layout.root());
            return null;
        }
        ok(active.size() + " site(s) may take part: " + String.join(", ", active) + (revoked > 0 ? "; " + revoked + " revoked" : ""));
        return active;
    }

    private void study(CoordinatorConfig config, FederationLayout layout, List<String> sites) {
        StudySpec spec = config.study();
        attempt("study", () -> {
            StudyRuntime.DEPLOYMENT.checkSupported(spec);
            StudyAssembly a = StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, Coordinator.training(spec),
                    SiteOrder.of(layout, List.of()), line -> { });
            if (config.ownData() != null) {
                digest(config, a, null, layout);
                return "study: the hospitals' own records (" + config.ownData().schema().table().features().size()
                        + " declared features), strategy " + a.strategy().name();
            }
            FederatedData data = StudyAssembly.bundledData(spec);
            Map<String, String> parts = DemoShards.assign(SiteOrder.of(layout, data.siteIds()), data.siteIds(),
                    spec.dataset());
            digest(config, a, a.model(data.globalTest().featureShape(), data.globalTest().numClasses()), layout);
            return "study: " + spec.dataset() + " split into " + data.siteIds().size() + " part(s) for " + parts.size()
                    + " site(s), strategy " + a.strategy().name() + ", aggregation " + a.strategy().aggregation();
        });
    }

    /** The digest the hospitals approve (the same the running coordinator prints). */
    private void digest(CoordinatorConfig config, StudyAssembly a, ModelSpec model, FederationLayout layout) {
        StudyDigest d = StudyDescriptions.digest(StudyDescriptions.of(config, a, model), layout);
        StudyDescriptions.print(d, out, "ok    ");
    }

    /** A check that says its own line, or fails with its exception's message. */
    private void attempt(String what, Check check) {
        try {
            ok(check.run());
        } catch (RuntimeException e) {
            fail(e.getMessage() == null ? what + ": " + e : e.getMessage());
        }
    }

    private interface Check {
        String run();
    }

    private void ok(String line) {
        out.println("ok    " + line);
    }

    private void fail(String line) {
        failed = true;
        out.println("FAIL  " + line);
    }
}
