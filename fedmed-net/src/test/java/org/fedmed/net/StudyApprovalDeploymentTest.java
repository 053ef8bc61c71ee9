package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.node.approval.ApprovalPolicy;
import org.fedmed.net.node.approval.Approvals;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital that approved the digest the coordinator published trains from round 1. One whose node has
 * no approval for the study: the node shows the study and the approve
 * command and keeps running; the coordinator gets one refusal line for that site and goes on with
 * the other; nothing but refusals (no result, no weights) leaves the node until its operator
 * approves the digest, and from the next task on it takes part, without a restart.
 */
class StudyApprovalDeploymentTest {

    @Test
    void aStudyRunsOnTheNodeOnlyOnceItsOperatorApprovedIt(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "north", "south");
        Path northKit = p.layout().kit("north");
        Files.delete(northKit.resolve(ApprovalPolicy.FILE)); // north has neither a policy nor an approval
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: heart-study
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                site_wait_seconds: 5
                start_wait_seconds: 20
                study:
                  dataset: wdbc
                  sites: 2
                  seed: 5
                  rounds: 3
                """.formatted(port, dir.resolve("state").toAbsolutePath()));
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        // south's operator approves, before its node ever ran, the full digest the coordinator published
        Matcher m = Pattern.compile("study digest ([0-9a-f]{16}) \\(full: ([0-9a-f]{64})\\)").matcher(
                coordinatorLog.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), coordinatorLog.toString(StandardCharsets.UTF_8));
        String digest = m.group(2);
        Files.delete(p.layout().kit("south").resolve(ApprovalPolicy.FILE));
        Approvals.of(p.layout().kit("south")).approve(digest, Instant.now());

        // the operator approves when the coordinator receives north's first refusal, so the timing is the protocol's, not a sleep's
        AtomicBoolean approved = new AtomicBoolean();
        List<NodeMessage.BodyCase> before = new CopyOnWriteArrayList<>();
        List<NodeMessage.BodyCase> after = new CopyOnWriteArrayList<>();
        List<String> refusals = new CopyOnWriteArrayList<>();
        c.server().tap((site, msg) -> {
            if (!site.equals("north")) {
                return;
            }
            (approved.get() ? after : before).add(msg.getBodyCase());
            if (msg.hasFailure() && !approved.get()) {
                refusals.add(msg.getFailure().getReason());
                String seen = Approvals.of(northKit).seen().get(0).digest();
                Approvals.of(northKit).approve(seen.substring(0, 16), Instant.now());
                approved.set(true);
            }
        });
        ByteArrayOutputStream northLog = new ByteArrayOutputStream();
        ByteArrayOutputStream southLog = new ByteArrayOutputStream();
        CompletableFuture<Integer> north = node(p, "north", northLog);
        CompletableFuture<Integer> south = node(p, "south", southLog);

        Coordinator.Outcome o = run.get(180, TimeUnit.SECONDS);
        String coordinator = coordinatorLog.toString(StandardCharsets.UTF_8);
        assertEquals(0, north.get(60, TimeUnit.SECONDS), northLog.toString(StandardCharsets.UTF_8));
        assertEquals(0, south.get(60, TimeUnit.SECONDS), southLog.toString(StandardCharsets.UTF_8));

        // the digest the coordinator printed is the one the node computed itself and the operator approved
        assertEquals(List.of(digest), Approvals.of(northKit).approved().stream().map(Approvals.Entry::digest).toList());
        // south was approved from the published digest before its node saw the study: the node filled in the summary
        assertTrue(Approvals.of(p.layout().kit("south")).approved().get(0).summary().startsWith("study heart-study from coordinator"));
        String console = northLog.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("[north] study not approved by the hospital (digest " + m.group(1) + "). The study:"), console);
        assertTrue(console.contains("study heart-study from coordinator CN=coordinator"), console);
        assertTrue(console.contains("privacy: no differential privacy"), console);
        assertTrue(console.contains("[north] to let it run on this node's data: fedmed node approve --kit " + northKit + " " + digest),
                console);
        assertTrue(console.contains("[north] study heart-study (digest " + m.group(1) + ") is approved on this node"), console);

        // the coordinator: one line for north in round 1, south trained; north takes part from round 2 on
        assertEquals(List.of("round 1: study not approved by the hospital (digest " + m.group(1) + ")"), refusals);
        RoundResult first = o.federation().rounds().get(0);
        assertEquals(List.of("south"), first.participants(), coordinator);
        assertTrue(coordinator.contains("north: ") && coordinator.contains("study not approved by the hospital (digest " + m.group(1)
                + ")"), coordinator);
        RoundResult last = o.federation().rounds().get(o.federation().rounds().size() - 1);
        assertTrue(last.participants().contains("north"), coordinator);

        // before the approval north sent its hello, acknowledgements of the model it downloaded and its refusal: no result, no weights
        assertFalse(before.contains(NodeMessage.BodyCase.RESULT), before.toString());
        assertFalse(before.contains(NodeMessage.BodyCase.CHUNK), before.toString());
        assertTrue(before.contains(NodeMessage.BodyCase.FAILURE), before.toString());
        assertTrue(after.contains(NodeMessage.BodyCase.RESULT), after.toString());
    }

    private static CompletableFuture<Integer> node(Provisioner p, String site, ByteArrayOutputStream log) {
        NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", null, null, null, null, null,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        return NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8)));
    }
}
