package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts: two node processes, each in its own network namespace with its own address, reach
 * the coordinator over veth links (not loopback). Needs root and `ip netns`; skipped otherwise.
 */
class NetnsTest {

    private final String tag = "fm" + ProcessHandle.current().pid() % 100000;
    private final List<Process> nodes = new ArrayList<>();
    private boolean created;

    @AfterEach
    void cleanUp() throws Exception {
        nodes.forEach(Process::destroyForcibly);
        if (created) {
            for (int i = 1; i <= 2; i++) {
                run(false, "ip", "netns", "del", tag + "n" + i);
                run(false, "ip", "link", "del", tag + "h" + i);
            }
        }
    }

    @Test
    void nodesInOtherNetworkNamespacesJoinOverVethLinks(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "network namespaces need Linux");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "skipped: no `ip` command (iproute2)");
        Assumptions.assumeTrue(run(false, "ip", "netns", "add", tag + "n0"), "skipped: `ip netns add` is not permitted here (needs root)");
        run(false, "ip", "netns", "del", tag + "n0");
        created = true;
        for (int i = 1; i <= 2; i++) {
            String ns = tag + "n" + i;
            String host = tag + "h" + i;
            String peer = tag + "p" + i;
            assertTrue(run(true, "ip", "netns", "add", ns));
            assertTrue(run(true, "ip", "link", "add", host, "type", "veth", "peer", "name", peer));
            assertTrue(run(true, "ip", "link", "set", peer, "netns", ns));
            assertTrue(run(true, "ip", "addr", "add", "10.213." + i + ".1/24", "dev", host));
            assertTrue(run(true, "ip", "link", "set", host, "up"));
            assertTrue(run(true, "ip", "netns", "exec", ns, "ip", "addr", "add", "10.213." + i + ".2/24", "dev", peer));
            assertTrue(run(true, "ip", "netns", "exec", ns, "ip", "link", "set", peer, "up"));
            assertTrue(run(true, "ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
        }
        int port = NetFixtures.freePort();
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("multi", List.of("site-1", "site-2"), "10.213.1.1", port, List.of("10.213.2.1"));
        // each hospital reaches the coordinator at the address of its own link
        Path kit2 = p.layout().kit("site-2").resolve("node.properties");
        Files.writeString(kit2, Files.readString(kit2).replace("10.213.1.1", "10.213.2.1"));
        try (CoordinatorServer server = new CoordinatorServer(p.layout(), "multi", NetFixtures.MODEL, List.of("site-1", "site-2"),
                new InetSocketAddress("0.0.0.0", port), Duration.ofSeconds(20), Weights.DEFAULT_CHUNK_BYTES).start()) {
            for (int i = 1; i <= 2; i++) {
                nodes.add(new ProcessBuilder("ip", "netns", "exec", tag + "n" + i,
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), FakeNodeMain.class.getName(), p.layout().kit("site-" + i).toString(),
                        String.valueOf(0.1f * i), String.valueOf(10 * i))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + i + ".log").toFile()).start());
            }
            assertEquals(2, server.awaitConnected(2, Duration.ofSeconds(60)), "nodes did not connect: "
                    + Files.readString(dir.resolve("node-1.log")) + Files.readString(dir.resolve("node-2.log")));
            ModelWeights initial = NetFixtures.zeros(1000);
            FederationResult remote = Federation.builder().strategy(new FedAvg(StrategyOptions.defaults()))
                    .sites(server.sites()).rounds(2).parallelism(2).roundDeadline(Duration.ofSeconds(30)).build().run(initial);
            List<SiteClient> local = List.of(new NetFixtures.FakeSite("site-1", 0.1f, 10), new NetFixtures.FakeSite("site-2", 0.2f, 20));
            FederationResult expected = Federation.builder().strategy(new FedAvg(StrategyOptions.defaults())).sites(local).rounds(2)
                    .build().run(initial);
            assertArrayEquals(expected.finalWeights().values(), remote.finalWeights().values());
            assertEquals(List.of("site-1", "site-2"), remote.lastRound().participants());
            server.finish();
            for (Process n : nodes) {
                assertTrue(n.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, n.exitValue());
            }
        }
    }

    private static boolean run(boolean verbose, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok && verbose) {
            System.err.println(String.join(" ", cmd) + ": " + out);
        }
        return ok;
    }
}
