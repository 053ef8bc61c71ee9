package org.fedmed.net.node.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.proto.DataSchema;
import org.fedmed.net.proto.DpSgdSettings;
import org.fedmed.net.proto.EvaluateTask;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.PersonalizeTask;
import org.fedmed.net.proto.SiteStageSpec;
import org.fedmed.net.proto.StatisticsTask;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.StudyTerm;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.Welcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's gate from the side of a coordinator that wants more than the hospital approved: another
 * study, a forged approval, another certificate, tasks that do not match the approved study.
 */
class StudyGateTest {

    static final CoordinatorIdentity COORDINATOR = new CoordinatorIdentity("ab".repeat(32), "CN=coordinator");
    static final CoordinatorIdentity OTHER = new CoordinatorIdentity("cd".repeat(32), "CN=coordinator");

    static final StudyDescription STUDY = StudyDescription.newBuilder().setFederation("heart-study").setSoftware("fedmed 0.1.0")
            .setRounds(5).setModel(ModelDescriptor.newBuilder().setArchitecture("mlp").setNumClasses(2).addHiddenUnits(16))
            .setTraining(FitTask.newBuilder().setLocalEpochs(1).setBatchSize(16).setLearningRate(0.05).setOptimizer("adam")
                    .setDpSgd(DpSgdSettings.newBuilder().setClipNorm(1.0).setNoiseMultiplier(1.1).setDelta(1e-5)))
            .setSecureAggregation(true)
            .addTerms(StudyTerm.newBuilder().setKey("rounds").setValue("5"))
            .addTerms(StudyTerm.newBuilder().setKey("dp_epsilon").setValue("3.0"))
            .addTerms(StudyTerm.newBuilder().setKey("secure_aggregation").setValue("secagg+")).build();

    @TempDir
    Path kit;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private StudyGate gate;

    @BeforeEach
    void gate() {
        gate = StudyGate.forKit(kit, "north", new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    static Welcome welcome(StudyDescription d) {
        return Welcome.newBuilder().setSiteId("north").setFederation(d.getFederation()).setModel(d.getModel().toBuilder().addInputShape(30))
                .setStudy(d).build();
    }

    static Task fit(int round, UnaryOperator<FitTask.Builder> change) {
        FitTask.Builder f = STUDY.getTraining().toBuilder().setSeed(round * 17L).setSecureAggregation("secagg+");
        return Task.newBuilder().setTaskId("t" + round).setRound(round).setFit(change.apply(f)).build();
    }

    private String approveStudy() {
        gate.welcomed(welcome(STUDY), COORDINATOR);
        String hex = StudyDigest.of(STUDY, COORDINATOR).hex();
        Approvals.of(kit).approve(hex.substring(0, 16), Instant.now());
        assertNull(gate.refusal(fit(1, f -> f)));
        return hex;
    }

    @Test
    void anUnapprovedStudyIsRefusedAndTheConsoleSaysWhatItIsAndHowToApproveIt() {
        gate.welcomed(welcome(STUDY), COORDINATOR);
        StudyDigest d = StudyDigest.of(STUDY, COORDINATOR);
        assertEquals("study not approved by the hospital (digest " + d.shortForm() + ")", gate.refusal(fit(1, f -> f)));
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("study heart-study from coordinator CN=coordinator (certificate sha256 " + COORDINATOR.sha256()), out);
        assertTrue(out.contains("sample-level DP-SGD at the node (clip 1.0, noise multiplier 1.1, delta 1.0E-5, epsilon 3.0)"), out);
        assertTrue(out.contains("rounds: 5"), out);
        assertTrue(out.contains("fedmed node approve --kit " + kit + " " + d.hex()), out);
        // the node remembers what it was asked, so the operator can approve by the short form
        assertEquals(d.hex(), Approvals.of(kit).seen().get(0).digest());
    }

    @Test
    void anApprovalTakesEffectAtTheNextTaskAndARevocationAtTheOneAfter() {
        String hex = approveStudy();
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("is approved on this node"));
        Approvals.of(kit).revoke(hex.substring(0, 20));
        assertTrue(gate.refusal(fit(2, f -> f)).startsWith("study not approved by the hospital"));
    }

    @Test
    void everyChangeToTheStudyNeedsANewApproval() {
        String approved = approveStudy();
        List<StudyDescription> changed = new ArrayList<>();
        changed.add(STUDY.toBuilder().setRounds(50).build());
        changed.add(STUDY.toBuilder().setTraining(STUDY.getTraining().toBuilder().setDpSgd(
                STUDY.getTraining().getDpSgd().toBuilder().setNoiseMultiplier(0.3))).build());
        changed.add(STUDY.toBuilder().setSecureAggregation(false).build());
        changed.add(STUDY.toBuilder().setModel(STUDY.getModel().toBuilder().setArchitecture("cnn")).build());
        changed.add(STUDY.toBuilder().setTerms(1, StudyTerm.newBuilder().setKey("dp_epsilon").setValue("30")).build());
        for (StudyDescription d : changed) {
            gate.welcomed(welcome(d), COORDINATOR);
            String digest = StudyDigest.of(d, COORDINATOR).hex();
            assertNotEquals(approved, digest);
            assertEquals("study not approved by the hospital (digest " + digest.substring(0, 16) + ")", gate.refusal(fit(1, f -> f)));
        }
    }

    @Test
    void aForgedApprovalOrDigestFromTheCoordinatorGainsNothing() {
        String approved = approveStudy();
        // a study with more rounds that claims to be approved and to have the approved digest
        StudyDescription forged = STUDY.toBuilder().setRounds(500)
                .addTerms(StudyTerm.newBuilder().setKey("approved").setValue("true"))
                .addTerms(StudyTerm.newBuilder().setKey("digest").setValue(approved)).build();
        gate.welcomed(welcome(forged), COORDINATOR);
        assertTrue(gate.refusal(fit(1, f -> f)).startsWith("study not approved by the hospital"));
        // the approved description, but another model in the welcome itself
        gate.welcomed(welcome(STUDY).toBuilder().setModel(ModelDescriptor.newBuilder().setArchitecture("resnet").setNumClasses(2)).build(),
                COORDINATOR);
        assertEquals("the welcome's model (resnet) is not the one the study describes (mlp) (digest " + approved.substring(0, 16) + ")",
                gate.refusal(fit(1, f -> f)));
    }

    @Test
    void theSameStudyFromAnotherCoordinatorCertificateIsRefused() {
        approveStudy();
        gate.welcomed(welcome(STUDY), OTHER);
        assertTrue(gate.refusal(fit(1, f -> f)).startsWith("study not approved by the hospital (digest "
                + StudyDigest.of(STUDY, OTHER).shortForm()));
        gate.welcomed(welcome(STUDY), null);
        assertTrue(gate.refusal(fit(1, f -> f)).startsWith("the coordinator's certificate was not seen"));
        gate.welcomed(welcome(STUDY).toBuilder().clearStudy().build(), COORDINATOR);
        assertTrue(gate.refusal(fit(1, f -> f)).startsWith("the coordinator described no study"));
    }

    @Test
    void tasksThatAreNotTheApprovedStudysAreRefusedNamingTheSetting() {
        String s = " (digest " + approveStudy().substring(0, 16) + "); refused";
        assertEquals("round 6 is beyond the study's 5 rounds: not the approved study" + s, gate.refusal(fit(6, f -> f)));
        assertEquals("round 6 is beyond the study's 5 rounds: not the approved study" + s, gate.refusal(Task.newBuilder().setTaskId("e")
                .setRound(6).setEvaluate(EvaluateTask.getDefaultInstance()).build()));
        assertEquals("round 2 asks for DP noise multiplier 0.5, below the study's 1.1: not the approved study" + s,
                gate.refusal(fit(2, f -> f.setDpSgd(f.getDpSgd().toBuilder().setNoiseMultiplier(0.5)))));
        assertEquals("round 2 asks for training without DP-SGD; the study trains with it: not the approved study" + s,
                gate.refusal(fit(2, FitTask.Builder::clearDpSgd)));
        assertEquals("round 2 asks for DP clip norm 5.0, above the study's 1.0: not the approved study" + s,
                gate.refusal(fit(2, f -> f.setDpSgd(f.getDpSgd().toBuilder().setClipNorm(5)))));
        assertEquals("round 2 asks for the site's update in the clear; the study sums updates securely: not the approved study" + s,
                gate.refusal(fit(2, FitTask.Builder::clearSecureAggregation)));
        assertEquals("round 2 asks for 20 local epochs, the study 1: not the approved study" + s,
                gate.refusal(fit(2, f -> f.setLocalEpochs(20))));
        assertEquals("round 2 asks for seeded DP noise (no real privacy); the study does not: not the approved study" + s,
                gate.refusal(fit(2, f -> f.setDpSgd(f.getDpSgd().toBuilder().setSeededNoise(true)))));
        // stricter than approved is the approved study still: more noise, a decayed learning rate, another seed
        assertNull(gate.refusal(fit(3, f -> f.setDpSgd(f.getDpSgd().toBuilder().setNoiseMultiplier(2)).setLearningRate(0.01))));
    }

    @Test
    void anExplanationIsAnsweredOnlyForAStudyThatStatesItOfItsFinalModelWithItsOwnSettings() {
        String s = " (digest " + approveStudy().substring(0, 16) + "); refused";
        ExplainTask settings = ExplainTask.newBuilder().setRows(50).setMinRows(20).setRelease("sample").setClip(0.5)
                .setNoiseMultiplier(1.0).setDelta(1e-5).setSeed(7).build();
        // the approved study explains nothing: a coordinator cannot add an explanation afterwards
        assertEquals("an explanation of the model on the site's rows; the study explains nothing: not the approved study" + s,
                gate.refusal(explain(5, settings)));

        StudyDescription explained = STUDY.toBuilder().setExplanation(settings).build();
        assertNotEquals(StudyDigest.of(STUDY, COORDINATOR).hex(), StudyDigest.of(explained, COORDINATOR).hex());
        assertTrue(StudyDigest.of(explained, COORDINATOR).summary().contains("explanation: after the last round, Kernel SHAP of the"
                + " final model on up to 50 of the hospital's training rows (none below 20 rows)"), StudyDigest.of(explained, COORDINATOR)
                .summary());
        gate.welcomed(welcome(explained), COORDINATOR);
        String digest = StudyDigest.of(explained, COORDINATOR).hex();
        Approvals.of(kit).approve(digest, Instant.now());
        String t = " (digest " + digest.substring(0, 16) + "); refused";
        assertNull(gate.refusal(explain(5, settings)));
        assertEquals("an explanation of round 3's model; the study explains its final model (round 5): not the approved study" + t,
                gate.refusal(explain(3, settings)));
        String other = "an explanation with other settings (rows, minimum rows, release, clip, noise, delta or seed) than the study"
                + " states: not the approved study" + t;
        assertEquals(other, gate.refusal(explain(5, settings.toBuilder().setRelease("clear").build())));
        assertEquals(other, gate.refusal(explain(5, settings.toBuilder().setMinRows(2).build())));
        assertEquals(other, gate.refusal(explain(5, settings.toBuilder().setRows(5000).build())));
        assertEquals(other, gate.refusal(explain(5, settings.toBuilder().setNoiseMultiplier(0.01).build())));
    }

    @Test
    void aPersonalModelIsFineTunedOnlyForAStudyThatStatesItWithItsOwnSettings() {
        String s = " (digest " + approveStudy().substring(0, 16) + "); refused";
        FitTask fineTune = STUDY.getTraining().toBuilder().clearDpSgd().setLocalEpochs(3).setSeed(99).build();
        assertEquals("a personal model; the study fine-tunes none (finetune_epochs): not the approved study" + s,
                gate.refusal(personalize(5, fineTune)));
        StudyDescription personal = STUDY.toBuilder().setFinetuneEpochs(3).build();
        assertTrue(StudyDigest.of(personal, COORDINATOR).summary().contains("personal model: after the last round the final model is"
                + " fine-tuned for 3 epoch(s)"));
        gate.welcomed(welcome(personal), COORDINATOR);
        String digest = StudyDigest.of(personal, COORDINATOR).hex();
        Approvals.of(kit).approve(digest, Instant.now());
        String t = " (digest " + digest.substring(0, 16) + "); refused";
        assertNull(gate.refusal(personalize(5, fineTune)));
        assertEquals("a personal model from round 4's model; the study fine-tunes its final model (round 5): not the approved study"
                + t, gate.refusal(personalize(4, fineTune)));
        String other = "a personal model with other settings (epochs, DP, stages) than the study's finetune_epochs 3: not the"
                + " approved study" + t;
        assertEquals(other, gate.refusal(personalize(5, fineTune.toBuilder().setLocalEpochs(300).build())));
        assertEquals(other, gate.refusal(personalize(5, fineTune.toBuilder().setSecureAggregation("secagg+").build())));
        assertEquals("round 5 asks for learning rate 5.0, above the study's 0.05: not the approved study" + t,
                gate.refusal(personalize(5, fineTune.toBuilder().setLearningRate(5.0).build())));
    }

    private static Task personalize(int round, FitTask training) {
        return Task.newBuilder().setTaskId("p" + round).setRound(round).setPersonalize(PersonalizeTask.newBuilder().setTraining(training))
                .build();
    }

    private static Task explain(int round, ExplainTask settings) {
        return Task.newBuilder().setTaskId("x" + round).setRound(round).setExplain(settings).build();
    }

    @Test
    void aClientDpStudyMustClipEachUpdate() {
        StudyDescription clientDp = STUDY.toBuilder().setClientDp(true).setTraining(STUDY.getTraining().toBuilder().clearDpSgd()).build();
        gate.welcomed(welcome(clientDp), COORDINATOR);
        Approvals.of(kit).approve(StudyDigest.of(clientDp, COORDINATOR).hex(), Instant.now());
        Task unclipped = Task.newBuilder().setTaskId("t").setRound(1).setFit(clientDp.getTraining().toBuilder()
                .setSecureAggregation("secagg+")).build();
        assertTrue(gate.refusal(unclipped).startsWith("round 1 asks for the site's update unclipped"), gate.refusal(unclipped));
        Task clipped = unclipped.toBuilder().setFit(unclipped.getFit().toBuilder().addSiteStages(SiteStageSpec.newBuilder()
                .setName("clip").putParams("c", 1.0))).build();
        assertNull(gate.refusal(clipped));
    }

    @Test
    void anOwnDataSetupWithAnotherTableOrModelThanApprovedIsHeld() {
        DataSchema schema = DataSchema.newBuilder().setLabel("stroke").addClasses("no").addClasses("yes").addFeatures("age").build();
        StudyDescription own = STUDY.toBuilder().setSchema(schema).build();
        gate.welcomed(welcome(own).toBuilder().clearModel().build(), COORDINATOR);
        String digest = StudyDigest.of(own, COORDINATOR).hex();
        Approvals.of(kit).approve(digest, Instant.now());
        StudySetup setup = StudySetup.newBuilder().setSchema(schema).setModel(own.getModel().toBuilder().addInputShape(1)).build();
        assertNull(gate.refusal(setup));
        String s = ": not the approved study (digest " + digest.substring(0, 16) + "); refused";
        assertEquals("the study setup's table (label, classes, features) is not the one the study describes" + s,
                gate.refusal(setup.toBuilder().setSchema(schema.toBuilder().addFeatures("postcode")).build()));
        assertEquals("the study setup's model (cnn) is not the one the study describes (mlp)" + s,
                gate.refusal(setup.toBuilder().setModel(setup.getModel().toBuilder().setArchitecture("cnn")).build()));
        assertEquals("round 0: the statistics step asks for another table than the study describes" + s,
                "round 0: " + gate.refusal(Task.newBuilder().setTaskId("s").setStatistics(StatisticsTask.newBuilder()
                        .setSchema(schema.toBuilder().setLabel("postcode"))).build()));
    }

    @Test
    void aBrokenApprovalsFileWhileRunningRefusesNamingTheFileAndTheNodeGoesOn() throws Exception {
        approveStudy();
        Files.writeString(kit.resolve(Approvals.FILE), "- digest: nothex\n  approved: 2026-01-01T00:00:00Z\n");
        String why = gate.refusal(fit(2, f -> f));
        assertTrue(why.contains(kit.resolve(Approvals.FILE) + ": entry 1: 'digest' must be the 64 hex characters"), why);
    }
}
