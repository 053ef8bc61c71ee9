package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.core.secure.secagg.SecAggPlus;
import org.fedmed.core.secure.secagg.SecAggSettings;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.net.NetFixtures.FakeSite;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.coordinator.RemoteSite;
import org.fedmed.net.node.NodeClient;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.PaillierProvisioning;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.CertificateIdentity;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SecAgg+ over gRPC with mutual TLS, coordinator and nodes in one JVM: the nodes sign with their
 * kits' keys and check each other's certificates; the coordinator sees sealed fit answers and
 * protocol bytes, and still gets the sum.
 */
class SecureDeploymentTest {

    private static final List<String> SITES = List.of("site-1", "site-2", "site-3", "site-4");
    private static final int PARAMETERS = 300;
    /** The sum's read-back error: n sites × one quantization step, far below the updates (0.01 .. 0.15). */
    private static final double TOLERANCE = 1e-4;

    private final List<NodeClient> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeClient::stop);
        NetFixtures.stopNodes();
    }

    private static List<FakeSite> fakes() {
        return List.of(new FakeSite("site-1", 0.01f, 10), new FakeSite("site-2", -0.02f, 30), new FakeSite("site-3", 0.05f, 20),
                new FakeSite("site-4", 0.03f, 40));
    }

    private static Federation.Builder federation(List<? extends SiteClient> sites, int rounds) {
        return Federation.builder().strategy(new FedAvg(StrategyOptions.defaults())).sites(new ArrayList<SiteClient>(sites))
                .rounds(rounds).parallelism(sites.size()).roundDeadline(Duration.ofSeconds(60)).federatedEvaluationEvery(0);
    }

    private NodeClient startNode(Provisioner p, FakeSite site, PrintStream progress) {
        return startNode(p, site, progress, false);
    }

    private NodeClient startNode(Provisioner p, FakeSite site, PrintStream progress, boolean requireSecure) {
        NodeClient client = new NodeClient(NodeKit.load(p.layout().kit(site.siteId())), spec -> site, progress,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60)).requireSecureAggregation(requireSecure);
        nodes.add(client);
        NetFixtures.onDaemon("node-" + site.siteId(), client::run);
        return client;
    }

    private static SecAggPlus secAgg(Provisioner p, double dropout) {
        return new SecAggPlus(new SecAggSettings(dropout, 0, 0, SecAggSettings.DEFAULT_RANGE, SecAggSettings.DEFAULT_MAX_WEIGHT),
                CertificateIdentity.fromCaFile(p.layout().coordinatorCaCert()), new SecureRandom());
    }

    private static void assertClose(ModelWeights expected, ModelWeights actual) {
        float[] a = expected.values();
        float[] b = actual.values();
        assertEquals(a.length, b.length);
        double moved = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], TOLERANCE, "parameter " + i);
            moved = Math.max(moved, Math.abs(a[i]));
        }
        assertTrue(moved > 0.01, "the model moved (" + moved + "), so the comparison means something");
    }

    @Test
    void secureRoundsOverMutualTlsGiveTheClearModelAndTheCoordinatorReceivesNoUpdate(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, SITES.toArray(String[]::new));
        ModelWeights initial = NetFixtures.zeros(PARAMETERS);
        FederationResult clear = federation(fakes(), 2).build().run(initial);

        List<String[]> arrived = new CopyOnWriteArrayList<>(); // site, what
        List<TaskResult> fitResults = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(nodeLog, true, StandardCharsets.UTF_8);
        try (CoordinatorServer server = NetFixtures.server(p, port, SITES, Duration.ofSeconds(10), Weights.DEFAULT_CHUNK_BYTES)) {
            server.secureAggregation("secagg+");
            server.tap((site, m) -> {
                arrived.add(new String[] {site, m.getBodyCase().name()
                        + (m.hasResult() ? ":" + m.getResult().getKindCase().name() : "")});
                if (m.hasResult() && m.getResult().hasFit()) {
                    fitResults.add(m.getResult());
                }
            });
            fakes().forEach(f -> startNode(p, f, progress));
            assertEquals(4, server.awaitConnected(4, Duration.ofSeconds(20)));
            FederationResult secure = federation(server.sites(), 2).secureAggregation(secAgg(p, 0.25)).build().run(initial);

            assertClose(clear.finalWeights(), secure.finalWeights());
            for (RoundResult r : secure.rounds()) {
                assertTrue(r.aggregated(), r.failures().toString());
                assertEquals(Map.of(), r.failures());
                assertNotNull(r.secure());
                assertEquals(4, r.secure().summed());
                assertEquals(Map.of(), r.secure().recovered());
                assertEquals(SITES, r.participants().stream().sorted().toList());
            }
            // the weighted loss comes out of the sum as in the clear
            assertEquals(clear.rounds().get(1).trainLoss(), secure.rounds().get(1).trainLoss(), 1e-3);
        }
        // what reached the coordinator: 8 sealed fit answers with nothing in them, no weights chunk, the protocol steps
        assertEquals(8, fitResults.size());
        for (TaskResult r : fitResults) {
            assertTrue(r.getFit().getSealed(), r.toString());
            assertFalse(r.hasWeights(), r.toString());
            assertEquals(0, r.getFit().getNumSamples());
            assertEquals(Map.of(), r.getFit().getMetricsMap());
        }
        assertTrue(arrived.stream().noneMatch(a -> a[1].equals("CHUNK")), "no node uploaded a weights chunk");
        // per round and site: advertise, share keys, masked input, consistency, unmask
        assertEquals(2 * 4 * 5, arrived.stream().filter(a -> a[1].equals("RESULT:SECURE_STEP")).count());
        String log = nodeLog.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("[site-3] round 2: masked update sent (secure aggregation)"), log);
        assertTrue(log.contains("the update stays here until it leaves masked (secure aggregation secagg+)"), log);
    }

    @Test
    void aNodeKilledAfterItsMaskedUploadIsRecoveredAndItsInputStaysInTheSum(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, SITES.toArray(String[]::new));
        ModelWeights initial = NetFixtures.zeros(PARAMETERS);
        FederationResult clear = federation(fakes(), 1).build().run(initial);

        Map<String, NodeClient> clients = new ConcurrentHashMap<>();
        List<String> afterDeath = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(nodeLog, true, StandardCharsets.UTF_8);
        try (CoordinatorServer server = NetFixtures.server(p, port, SITES, Duration.ofSeconds(3), Weights.DEFAULT_CHUNK_BYTES)) {
            server.secureAggregation("secagg+");
            server.tap((site, m) -> {
                if (!site.equals("site-4")) {
                    return;
                }
                if (clients.get("site-4") == null) {
                    afterDeath.add(m.getBodyCase().name());
                    return;
                }
                if (m.hasResult() && m.getResult().hasSecureStep()
                        && SecAggCodec.decode(m.getResult().getSecureStep().getMessage().toByteArray()) instanceof SecAggMessage.MaskedInput) {
                    // the masked upload has reached the coordinator: the node dies now (its connection is cut, it never returns)
                    NodeClient victim = clients.remove("site-4");
                    NetFixtures.onDaemon("kill-site-4", () -> {
                        victim.stop();
                        return null;
                    });
                }
            });
            fakes().forEach(f -> clients.put(f.siteId(), startNode(p, f, progress)));
            assertEquals(4, server.awaitConnected(4, Duration.ofSeconds(20)));
            FederationResult secure = federation(server.sites(), 1).secureAggregation(secAgg(p, 0.25)).build().run(initial);

            RoundResult r = secure.rounds().get(0);
            assertTrue(r.aggregated(), r.failures().toString());
            assertEquals(4, r.secure().summed(), "site-4's masked input is in the sum");
            String why = r.secure().recovered().get("site-4");
            assertNotNull(why, "the round names the recovered dropout: " + r.secure().recovered());
            assertTrue(why.startsWith("consistency: ") && why.contains("site site-4: secure-aggregation step consistency of round 1"), why);
            assertEquals(Map.of("site-4", why), r.secure().recovered());
            assertTrue(r.failures().get("site-4").startsWith("secure aggregation "), r.failures().toString());
            assertClose(clear.finalWeights(), secure.finalWeights());
        }
        assertTrue(afterDeath.stream().noneMatch(k -> k.equals("RESULT")), "the killed node sent nothing more: " + afterDeath);
        assertTrue(nodeLog.toString(StandardCharsets.UTF_8).contains("[site-4] round 1: masked update sent"));
    }

    @Test
    void aNodeRequiringSecureAggregationRefusesAClearRoundWithItsReason(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "site-1", "site-2");
        ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(nodeLog, true, StandardCharsets.UTF_8);
        List<String> chunksFromStrict = new CopyOnWriteArrayList<>();
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("site-1", "site-2"), Duration.ofSeconds(10),
                Weights.DEFAULT_CHUNK_BYTES)) {
            server.tap((site, m) -> {
                if (site.equals("site-2") && m.hasChunk()) {
                    chunksFromStrict.add(m.getChunk().getTransferId());
                }
            });
            startNode(p, new FakeSite("site-1", 0.01f, 10), progress);
            startNode(p, new FakeSite("site-2", 0.02f, 10), progress, true);
            assertEquals(2, server.awaitConnected(2, Duration.ofSeconds(20)));
            List<RemoteSite> sites = server.sites();
            FederationResult clear = federation(sites, 1).build().run(NetFixtures.zeros(10));
            RoundResult r = clear.rounds().get(0);
            assertEquals(List.of("site-1"), r.participants());
            String line = "site site-2 requires secure aggregation (--require-secure-aggregation): round 1 asks for its update in the"
                    + " clear; refused";
            assertTrue(r.failures().get("site-2").endsWith("site reported: " + line), r.failures().toString());
            assertTrue(nodeLog.toString(StandardCharsets.UTF_8).contains("[site-2] " + line), nodeLog.toString(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), chunksFromStrict, "the strict node uploaded nothing");
    }

    /** The coordinator's federation.yaml with a demo study on wdbc (3 sites) and {@code extra} study lines. */
    private static Path config(Path dir, int port, int rounds, String extra) throws Exception {
        return Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: %d
                round_deadline_seconds: 120
                site_wait_seconds: 5
                start_wait_seconds: 60
                study:
                  dataset: wdbc
                  partition: iid
                  sites: 3
                  seed: 5
                """.formatted(port, dir.resolve("state").toAbsolutePath(), rounds) + extra);
    }

    /** Runs a coordinator from {@code config} and three real nodes (NodeMain) on wdbc; returns the outcome and the consoles. */
    private static String[] runStudy(Path dir, Path config, Provisioner p, boolean strictSite2, List<Coordinator.Outcome> out)
            throws Exception {
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(nodeLog, true, StandardCharsets.UTF_8);
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (String site : List.of("site-1", "site-2", "site-3")) {
            String[] args = strictSite2 && site.equals("site-2")
                    ? new String[] {"--kit", p.layout().kit(site).toString(), "--dataset", "wdbc", "--partition", "iid", "--sites", "3",
                    "--seed", "5", "--require-secure-aggregation"}
                    : new String[] {"--kit", p.layout().kit(site).toString(), "--dataset", "wdbc", "--partition", "iid", "--sites", "3",
                    "--seed", "5"};
            NodeMain.Options o = NodeMain.options(args);
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(o, progress)));
        }
        out.add(run.get(240, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> n : nodes) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), coordinatorLog.toString(StandardCharsets.UTF_8));
        }
        return new String[] {coordinatorLog.toString(StandardCharsets.UTF_8), nodeLog.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theCoordinatorRunsTheStudysSecureAggregationWithRealNodes(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        List<Coordinator.Outcome> out = new ArrayList<>();
        String[] logs = runStudy(dir, config(dir, port, 2, "  secure_aggregation: secagg+\n  secure_dropout: 0\n"), p, true, out);
        String console = logs[0];
        assertTrue(console.contains("secure aggregation: secagg+(n=3"), console);
        List<RoundResult> rounds = out.get(0).federation().rounds();
        assertEquals(2, rounds.size());
        for (RoundResult r : rounds) {
            assertTrue(r.aggregated(), console);
            assertEquals(3, r.secure().summed(), console);
            assertEquals(Map.of(), r.failures(), console);
        }
        assertTrue(rounds.get(1).globalEvaluation().metrics().accuracy() > 0.8, rounds.get(1).globalEvaluation().toString());
        assertTrue(logs[1].contains("[site-2] secure aggregation required"), logs[1]);
        assertTrue(logs[1].contains("[site-2] round 2: unmasking shares sent"), logs[1]);
    }

    @Test
    void aStrictNodeRefusesTheCoordinatorsClearStudyAndTheCoordinatorLogsIt(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        List<Coordinator.Outcome> out = new ArrayList<>();
        String[] logs = runStudy(dir, config(dir, port, 1, ""), p, true, out);
        String line = "site site-2 requires secure aggregation (--require-secure-aggregation): round 1 asks for its update in the"
                + " clear; refused";
        assertTrue(logs[0].contains("  site-2: IllegalStateException: site reported: " + line), logs[0]);
        assertFalse(logs[0].contains("secure aggregation: secagg+"), logs[0]);
        assertTrue(logs[1].contains("[site-2] " + line), logs[1]);
        assertEquals(List.of("site-1", "site-3"), out.get(0).federation().rounds().get(0).participants());
    }

    @Test
    void aPaillierStudyRunsWithTheDealtKeysAndTheCoordinatorHoldsOnlyThePublicKey(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = config(dir, port, 2, "  secure_aggregation: paillier\n");
        // before the dealer ran: refused before round 1, naming the missing file and the command
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(new ByteArrayOutputStream())).run());
        assertTrue(e.getMessage().startsWith("secure_aggregation paillier needs the federation's Paillier key: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(deal it with: fedmed provision paillier --dir " + p.layout().root() + ")"), e.getMessage());

        PaillierProvisioning.CoordinatorKey key = PaillierProvisioning.deal(p.layout(), 0, 2048);
        assertEquals(2, key.threshold());
        try (var files = Files.list(p.layout().coordinatorDir())) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains("share")), "no key share at the coordinator");
        }
        for (String site : List.of("site-1", "site-2", "site-3")) {
            Path share = p.layout().kit(site).resolve(PaillierProvisioning.SHARE);
            assertTrue(Files.isRegularFile(share));
            if (share.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(share)));
            }
        }
        List<Coordinator.Outcome> out = new ArrayList<>();
        String[] logs = runStudy(dir, config, p, false, out);
        assertTrue(logs[0].contains("secure aggregation: paillier(2048-bit key, threshold decryption by t=2 sites"), logs[0]);
        for (RoundResult r : out.get(0).federation().rounds()) {
            assertTrue(r.aggregated(), logs[0]);
            assertEquals("paillier", r.secure().protection());
            assertEquals(3, r.secure().summed(), logs[0]);
        }
        assertTrue(out.get(0).federation().rounds().get(1).globalEvaluation().metrics().accuracy() > 0.8, logs[0]);
    }
}
