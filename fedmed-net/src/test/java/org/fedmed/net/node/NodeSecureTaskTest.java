package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.training.ConstantStepTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.net.Protocol;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.Task;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's own rules for secure fit tasks, in process: what it refuses, with which line, and what it sends. */
class NodeSecureTaskTest {

    private static final int PARAMETERS = 4;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<NodeMessage> sent = new CopyOnWriteArrayList<>();

    private TaskRunner runner(NodeSecurity security) {
        TaskRunner r = new TaskRunner("h1", NodeData.fromModel(spec -> new LocalSite("h1", new ConstantStepTrainer(PARAMETERS),
                ConstantStepTrainer.tinyData(), null, ConstantStepTrainer.tinyData(), 1.0)),
                new PrintStream(console, true, StandardCharsets.UTF_8), new TaskRunner.Link() {
                    @Override
                    public void send(NodeMessage m) {
                        sent.add(m);
                    }

                    @Override
                    public void stop(String reason) {
                        throw new AssertionError("the node must not stop: " + reason);
                    }
                }, security);
        r.welcomed(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 2));
        return r;
    }

    private static Task fit(String protection) {
        return Task.newBuilder().setTaskId("t1").setRound(1)
                .setFit(Protocol.fitTask(TrainingConfig.defaults(), SitePlan.none()).toBuilder().setSecureAggregation(protection)).build();
    }

    private static ModelWeights zeros() {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {PARAMETERS})), new float[PARAMETERS]);
    }

    private String failure() {
        assertEquals(1, sent.size(), sent.toString());
        assertTrue(sent.get(0).hasFailure(), sent.toString());
        return sent.get(0).getFailure().getReason();
    }

    @Test
    void aNodeWithoutASigningKeyRefusesASecureTaskNamingTheSetting(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("h1"), "localhost", 4000, List.of());
        NodeKit kit = NodeKit.load(p.layout().kit("h1"));
        Files.delete(kit.privateKey());
        NodeSecurity security = NodeSecurity.fromKit(kit, false);
        assertNull(security.identity());

        runner(security).execute(fit("secagg+"), zeros(), 0);
        String line = "site h1 cannot take part in secure aggregation: it has no provisioned signing key (" + kit.privateKey()
                + " is missing; re-provision the site)";
        assertEquals(line, failure());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("[h1] " + line), console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSecureTaskIsAnsweredSealedAndAnUnknownProtocolOrAMissingKeyShareIsRefused(@TempDir Path dir) {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("h1"), "localhost", 4000, List.of());
        NodeSecurity security = NodeSecurity.fromKit(NodeKit.load(p.layout().kit("h1")), true);
        assertNotNull(security.identity());

        runner(security).execute(fit("secagg+"), zeros(), 0);
        assertEquals(1, sent.size());
        var result = sent.get(0).getResult();
        assertTrue(result.getFit().getSealed());
        assertTrue(!result.hasWeights() && result.getFit().getNumSamples() == 0 && result.getFit().getMetricsCount() == 0,
                result.toString());

        sent.clear();
        runner(security).execute(fit("ckks"), zeros(), 0);
        assertEquals("site h1 does not speak secure aggregation 'ckks' (only secagg+ and paillier); round 1 refused", failure());

        sent.clear();
        runner(security).execute(fit("paillier"), zeros(), 0);
        assertEquals("site h1 cannot take part in Paillier aggregation: its kit holds no paillier-share.key (deal the keys with "
                + "fedmed provision paillier); round 1 refused", failure());

        sent.clear();
        runner(security).execute(fit(""), zeros(), 0);
        assertEquals("site h1 requires secure aggregation (--require-secure-aggregation): round 1 asks for its update in the clear;"
                + " refused", failure());
    }

    /** A coordinator that sends SCAFFOLD's flag where it cannot hold: in a secure round, or without the control variate. */
    @Test
    void aScaffoldFlagInASecureRoundOrWithoutItsControlVariateIsRefused(@TempDir Path dir) {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("h1"), "localhost", 4000, List.of());
        NodeSecurity security = NodeSecurity.fromKit(NodeKit.load(p.layout().kit("h1")), false);

        Task secure = fit("secagg+").toBuilder().setFit(fit("secagg+").getFit().toBuilder().setScaffoldControl(true)).build();
        runner(security).execute(secure, zeros(), 0);
        assertEquals("round 1: SCAFFOLD's control variates need each site's model in the clear, but the round is summed securely;"
                + " refused", failure());

        sent.clear();
        Task clear = fit("").toBuilder().setFit(fit("").getFit().toBuilder().setScaffoldControl(true)).build();
        runner(security).execute(clear, zeros(), 0);
        assertEquals("round 1: a SCAFFOLD task's transfer holds 1 tensors, not a model and its control variate", failure());
    }
}
