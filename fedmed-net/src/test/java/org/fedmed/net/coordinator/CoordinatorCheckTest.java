package org.fedmed.net.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fedmed.net.dashboard.DashboardToken;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedmed coordinator --check`: one line per check, exit code 0 only when every check passed; nothing served. */
class CoordinatorCheckTest {

    private static String check(CoordinatorConfig cfg, String db, int[] code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        code[0] = CoordinatorCheck.run(cfg, db, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theProvisionedConfigurationPassesAndABusyPortOrADownDatabaseIsNamed(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        int[] code = new int[1];
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            p.create("test", List.of("north", "south"), "localhost", busy.getLocalPort(), List.of());
            Path config = p.layout().coordinatorConfig();
            Files.writeString(config, Files.readString(config).replace("0.0.0.0:", "127.0.0.1:"));
            CoordinatorConfig cfg = CoordinatorConfig.load(config);

            String taken = check(cfg, null, code);
            assertEquals(1, code[0], taken);
            assertTrue(taken.contains("FAIL  listen address 127.0.0.1:" + busy.getLocalPort() + " cannot be bound"), taken);
            assertTrue(taken.contains("ok    2 site(s) may take part: north, south"), taken);
            assertTrue(taken.contains("ok    study: wdbc split into 2 part(s) for 2 site(s), strategy fedavg"), taken);
            assertTrue(taken.contains("ok    run store jdbc:h2:file:"), taken);

        }
        int nothing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = s.getLocalPort(); // closed again: nothing listens there
        }
        String down = check(CoordinatorConfig.load(p.layout().coordinatorConfig()),
                "jdbc:postgresql://127.0.0.1:" + nothing + "/x?user=u&password=secret", code);
        assertEquals(1, code[0], down);
        assertTrue(down.contains("FAIL  cannot open the run store") && !down.contains("secret"), down);
        CoordinatorConfig free = CoordinatorConfig.load(p.layout().coordinatorConfig());
        String good = check(free, null, code);
        assertEquals(0, code[0], good);
        assertTrue(good.endsWith("all checks passed\n"), good);
    }

    @Test
    void theCoordinatorWarnsAtStartWhenItsOwnCertificateIsAboutToExpire(@TempDir Path dir) {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("north"), "localhost", 7443, List.of());
        Instant now = Instant.now();
        assertTrue(CoordinatorCertificate.expiryWarning(p.layout(), now).isEmpty(), "a new certificate runs for 825 days");
        String soon = CoordinatorCertificate.expiryWarning(p.layout(), now.plus(Duration.ofDays(810))).orElseThrow();
        assertTrue(soon.startsWith("warning: the coordinator's certificate ") && soon.contains("(in 14 day(s))")
                && soon.endsWith("fedmed provision renew --dir " + p.layout().root() + " --coordinator"), soon);
    }

    /** With a dashboard, the check says whether its address is free and whether anyone can log in to it. */
    @Test
    void aDashboardNobodyCanLogInToFailsTheCheck(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("north"), "localhost", 0, List.of());
        Path config = p.layout().coordinatorConfig();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(config, Files.readString(config).replaceAll("listen: .*", "listen: 127.0.0.1:0")
                + "dashboard: 127.0.0.1:" + port + "\n");
        int[] code = new int[1];
        String none = check(CoordinatorConfig.load(config), null, code);
        assertEquals(1, code[0], none);
        assertTrue(none.contains("FAIL  dashboard 127.0.0.1:" + port + ": nobody can log in: provision a token"), none);
        DashboardToken.create(p.layout());
        String ok = check(CoordinatorConfig.load(config), null, code);
        assertTrue(ok.contains("ok    dashboard address 127.0.0.1:" + port + " is free; login by the provisioned token"), ok);
    }
}
