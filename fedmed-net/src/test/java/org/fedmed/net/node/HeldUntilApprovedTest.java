package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.node.approval.Approvals;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.proto.DataSchema;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.StatisticsTask;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.Welcome;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing leaves a node before its hospital approved the study: an own-data node does not even read
 * its records for the statistics step (the first thing an own-data study asks) until then; it
 * answers with the refusal only, and after the approval it serves the next task without a restart.
 */
class HeldUntilApprovedTest {

    private static final CoordinatorIdentity COORDINATOR = new CoordinatorIdentity("ab".repeat(32), "CN=coordinator");
    private final List<NodeMessage> sent = new CopyOnWriteArrayList<>();
    private final List<String> dataCalls = new CopyOnWriteArrayList<>();

    @Test
    void anOwnDataNodeReadsNothingAndSendsOnlyItsRefusalBeforeTheApproval(@TempDir Path kit) {
        DataSchema schema = DataSchema.newBuilder().setLabel("y").addClasses("0").addClasses("1").addFeatures("a").addFeatures("b")
                .setSiteTestFraction(0.2).setSplitSeed(1).build();
        StudyDescription study = StudyDescription.newBuilder().setFederation("own").setRounds(3).setSchema(schema)
                .setModel(ModelDescriptor.newBuilder().setArchitecture("logreg").setNumClasses(2))
                .setTraining(FitTask.newBuilder().setLocalEpochs(1).setBatchSize(8).setLearningRate(0.1).setOptimizer("sgd")).build();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StudyGate gate = StudyGate.forKit(kit, "north", new PrintStream(console, true, StandardCharsets.UTF_8));
        TaskRunner runner = new TaskRunner("north", new NodeData() {
            @Override
            public SiteClient welcomed(ModelSpec model) {
                dataCalls.add("welcomed");
                return null;
            }

            @Override
            public SiteStatistics statistics(OwnDataSchema s, int minRows) {
                dataCalls.add("statistics");
                throw new IllegalStateException("records read");
            }

            @Override
            public SiteClient setUp(OwnDataSetup setup) {
                dataCalls.add("setUp");
                return null;
            }
        }, new PrintStream(console, true, StandardCharsets.UTF_8), new TaskRunner.Link() {
            @Override
            public void send(NodeMessage m) {
                sent.add(m);
            }

            @Override
            public void stop(String reason) {
                throw new AssertionError("the node must keep running: " + reason);
            }
        }, NodeSecurity.without("no secure aggregation in this test", false));
        runner.gate(gate);
        gate.welcomed(Welcome.newBuilder().setSiteId("north").setStudy(study).build(), COORDINATOR);
        runner.welcomed(null);
        Task statistics = Task.newBuilder().setTaskId("s0").setRound(0)
                .setStatistics(StatisticsTask.newBuilder().setSchema(schema).setMinRows(10)).build();
        runner.statistics(statistics);

        String digest = StudyDigest.of(study, COORDINATOR).shortForm();
        assertEquals(List.of(), dataCalls);
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("round 0: study not approved by the hospital (digest " + digest + ")", sent.get(0).getFailure().getReason());

        Approvals.of(kit).approve(digest, Instant.now());
        runner.statistics(statistics.toBuilder().setTaskId("s1").build());
        assertEquals(List.of("welcomed", "statistics"), dataCalls);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("is approved on this node"));
    }
}
