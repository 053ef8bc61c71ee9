package org.fedmed.net.node.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.net.proto.StudyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy.yaml and approvals.yaml: the rules a study must keep, named when broken; malformed files named with their key. */
class ApprovalPolicyTest {

    @TempDir
    Path kit;

    private String refusal(String policy, StudyDescription study) throws Exception {
        Files.writeString(kit.resolve(ApprovalPolicy.FILE), policy);
        StudyGate gate = StudyGate.forKit(kit, "north", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        gate.welcomed(StudyGateTest.welcome(study), StudyGateTest.COORDINATOR);
        return gate.refusal(StudyGateTest.fit(1, f -> f));
    }

    @Test
    void aStudyThatKeepsThePolicyRunsWithoutAnApprovalAndABrokenRuleIsNamed() throws Exception {
        StudyDescription s = StudyGateTest.STUDY;
        String fp = StudyGateTest.COORDINATOR.sha256();
        assertNull(refusal("coordinators: [\"sha256:" + fp + "\"]\nrequire_dp: true\nmax_epsilon: 3\nmin_noise_multiplier: 1.0\n"
                + "require_secure_aggregation: true\nmax_rounds: 5\nmodels: [mlp]\n", s));
        assertNull(refusal("coordinators: [\"CN=coordinator\"]\nstudies: [heart-study]\n", s));
        String d = " (digest " + StudyDigest.of(s, StudyGateTest.COORDINATOR).shortForm() + ")";
        String p = "study refused by the hospital's policy.yaml (rule ";
        assertEquals(p + "coordinators): coordinator " + StudyGateTest.COORDINATOR + " is not listed" + d,
                refusal("coordinators: [\"CN=other\"]\n", s));
        assertEquals(p + "max_rounds): the study has 5 rounds, at most 3 allowed" + d,
                refusal("coordinators: [\"CN=coordinator\"]\nmax_rounds: 3\n", s));
        assertEquals(p + "min_noise_multiplier): the study's noise multiplier is 1.1, at least 2.0 required" + d,
                refusal("coordinators: [\"CN=coordinator\"]\nmin_noise_multiplier: 2\n", s));
        assertEquals(p + "max_epsilon): the study's epsilon is 3.0, at most 1.0 allowed" + d,
                refusal("coordinators: [\"CN=coordinator\"]\nmax_epsilon: 1\n", s));
        assertEquals(p + "models): model mlp is not one of [logreg]" + d, refusal("coordinators: [\"CN=coordinator\"]\nmodels: [logreg]\n", s));
        StudyDescription plain = s.toBuilder().setSecureAggregation(false).setTraining(s.getTraining().toBuilder().clearDpSgd()).build();
        String dp = " (digest " + StudyDigest.of(plain, StudyGateTest.COORDINATOR).shortForm() + ")";
        assertEquals(p + "require_dp): the study trains without differential privacy (or with seeded noise)" + dp,
                refusal("coordinators: [\"CN=coordinator\"]\nrequire_dp: true\n", plain));
        assertEquals(p + "require_secure_aggregation): the study sends each site's update in the clear" + dp,
                refusal("coordinators: [\"CN=coordinator\"]\nrequire_secure_aggregation: true\n", plain));
        // explanations: a hospital can forbid them, or allow them only under DP booked at its node
        StudyDescription explained = s.toBuilder().setExplanation(ExplainTask.newBuilder().setRows(50).setMinRows(20)
                .setRelease("clear").setSeed(7)).build();
        String de = " (digest " + StudyDigest.of(explained, StudyGateTest.COORDINATOR).shortForm() + ")";
        assertEquals(p + "explanations): the study explains its final model on this hospital's rows; none allowed" + de,
                refusal("coordinators: [\"CN=coordinator\"]\nexplanations: none\n", explained));
        assertEquals(p + "explanations): the study's explanation is released without noise; only under sample-level DP booked at"
                + " this node allowed" + de, refusal("coordinators: [\"CN=coordinator\"]\nexplanations: dp\n", explained));
        StudyDescription privately = s.toBuilder().setExplanation(explained.getExplanation().toBuilder().setRelease("sample")
                .setClip(0.5).setNoiseMultiplier(1.0).setDelta(1e-5)).build();
        assertNull(refusal("coordinators: [\"CN=coordinator\"]\nexplanations: dp\n", privately));
        assertNull(refusal("coordinators: [\"CN=coordinator\"]\nexplanations: none\n", s), "a study without explanation");
        // a study the policy does not list needs an approval
        assertEquals("study not approved by the hospital" + d, refusal("coordinators: [\"CN=coordinator\"]\nstudies: [other-study]\n", s));
    }

    @Test
    void thePolicyBindsEvenAnApprovedStudy() throws Exception {
        StudyDescription s = StudyGateTest.STUDY;
        Approvals.of(kit).approve(StudyDigest.of(s, StudyGateTest.COORDINATOR).hex(), Instant.now());
        assertTrue(refusal("coordinators: [\"CN=coordinator\"]\nmax_rounds: 2\n", s).contains("(rule max_rounds)"));
    }

    @Test
    void aMalformedPolicyOrApprovalsFileStopsTheNodeAtStartupNamingFileAndKey() throws Exception {
        Path policy = kit.resolve(ApprovalPolicy.FILE);
        String[][] cases = {
                {"coordinators: [CN=coordinator]\nmax_rounds: twenty\n", policy + ": key 'max_rounds' must be a whole number of at least 1, got 'twenty'"},
                {"coordinators: [CN=coordinator]\nmax_round: 3\n", policy + ": unknown key 'max_round'; known: coordinators,"},
                {"max_rounds: 3\n", policy + ": key 'coordinators' is required"},
                {"coordinators: [coordinator]\n", policy + ": key 'coordinators': 'coordinator' is neither a SHA-256 certificate fingerprint"},
                {"coordinators: CN=x\n", policy + ": key 'coordinators' must be a list"},
                {"require_dp: yes please\ncoordinators: [CN=x]\n", policy + ": key 'require_dp' must be true or false"},
                {"explanations: some\ncoordinators: [CN=x]\n", policy + ": key 'explanations' must be one of any, dp, none, got 'some'"},
                {"coordinators: [CN=x\n", policy + ": not valid YAML"}};
        for (String[] c : cases) {
            Files.writeString(policy, c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyGate.forKit(kit, "north", System.out));
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        Files.delete(policy);
        Path approvals = kit.resolve(Approvals.FILE);
        Files.writeString(approvals, "- digest: " + "a".repeat(64) + "\n  approved: yesterday\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyGate.forKit(kit, "north", System.out));
        assertTrue(e.getMessage().startsWith(approvals + ": entry 1: 'approved' must be a UTC time"), e.getMessage());
    }

    @Test
    void approvalsAreOwnerOnlyAndTakeTheShortFormOnlyForAStudyTheNodeHasSeen() throws Exception {
        StudyDigest d = StudyDigest.of(StudyGateTest.STUDY, StudyGateTest.COORDINATOR);
        Approvals a = Approvals.of(kit);
        IllegalArgumentException unseen = assertThrows(IllegalArgumentException.class, () -> a.approve(d.shortForm(), Instant.now()));
        assertTrue(unseen.getMessage().startsWith("this node has not seen a study with digest " + d.shortForm()), unseen.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.approve("3f2a", Instant.now()));
        a.recordSeen(d, Instant.parse("2026-01-01T00:00:00Z"));
        Approvals.Entry e = a.approve(d.shortForm(), Instant.parse("2026-01-02T00:00:00Z"));
        assertEquals(d.hex(), e.digest());
        assertEquals(d.oneLine(), e.summary());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.file())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kit.resolve(Approvals.SEEN_FILE))));
        assertEquals(1, a.approved().size());
        assertTrue(a.revoke(d.hex()).isPresent());
        assertEquals(0, a.approved().size());
    }
}
