package org.fedmed.net.node.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudyTerm;
import org.fedmed.net.proto.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator cannot have a node draw more (or other) ROCKET kernels than the hospital approved: the digest
 * leaves the model's input shape out, so the node checks the welcome's rocket input against rocket_kernels.
 */
class RocketWelcomeTest {

    private static final StudyDescription ROCKET = StudyGateTest.STUDY.toBuilder()
            .setModel(ModelDescriptor.newBuilder().setArchitecture("rocket").setNumClasses(2))
            .addTerms(StudyTerm.newBuilder().setKey("rocket_kernels").setValue("300")).build();

    @TempDir
    Path kit;

    @Test
    void theWelcomesRocketInputMustBeTwoPerApprovedKernel() {
        StudyGate gate = StudyGate.forKit(kit, "north", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String digest = StudyDigest.of(ROCKET, StudyGateTest.COORDINATOR).hex();
        Approvals.of(kit).approve(digest, Instant.now());
        gate.welcomed(welcome(ROCKET, 600), StudyGateTest.COORDINATOR);
        assertNull(gate.refusal(StudyGateTest.fit(1, f -> f)));

        gate.welcomed(welcome(ROCKET, 200_000), StudyGateTest.COORDINATOR);
        assertEquals("the welcome's rocket model takes [200000] inputs, but the study describes rocket_kernels 300 (two inputs"
                + " each) (digest " + digest.substring(0, 16) + ")", gate.refusal(StudyGateTest.fit(1, f -> f)));

        StudyDescription noTerm = ROCKET.toBuilder().removeTerms(ROCKET.getTermsCount() - 1).build();
        Approvals.of(kit).approve(StudyDigest.of(noTerm, StudyGateTest.COORDINATOR).hex(), Instant.now());
        gate.welcomed(welcome(noTerm, 600), StudyGateTest.COORDINATOR);
        assertEquals("the welcome's rocket model takes [600] inputs, but the study describes rocket_kernels none (two inputs each)"
                + " (digest " + StudyDigest.of(noTerm, StudyGateTest.COORDINATOR).shortForm() + ")",
                gate.refusal(StudyGateTest.fit(1, f -> f)));
    }

    private static Welcome welcome(StudyDescription d, int inputs) {
        return Welcome.newBuilder().setSiteId("north").setFederation(d.getFederation())
                .setModel(d.getModel().toBuilder().addInputShape(inputs)).setStudy(d).build();
    }
}
