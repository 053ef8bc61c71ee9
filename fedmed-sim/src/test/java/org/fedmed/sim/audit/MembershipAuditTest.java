package org.fedmed.sim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.privacy.audit.AttackResult;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** End-to-end membership audits of short WDBC studies. */
class MembershipAuditTest {

    private static StudySpecBuilder wdbc(int rounds) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.sites = 3;
        b.seed = 11L;
        b.rounds = rounds;
        b.baselines = false;
        return b;
    }

    private static MembershipAuditResult audit(StudySpec spec, int shadows) {
        return MembershipAudit.withDjl().run(spec, Simulation.prepareData(spec), shadows, new SimulationListener() { });
    }

    @Test
    void membersAndNonMembersAreDrawnClassForClass() {
        // members: 6 of class 0, 2 of class 1; non-members: 1 of class 0, 5 of class 1
        LabeledSamples members = samples(0, 0, 0, 0, 0, 0, 1, 1);
        LabeledSamples non = samples(1, 1, 0, 1, 1, 1);
        int[][] drawn = MembershipAudit.sameClassMix(members, non, new Random(1));
        assertEquals(3, drawn[0].length);
        assertEquals(3, drawn[1].length);
        long[] a = members.subset(drawn[0]).labelCounts();
        long[] b = non.subset(drawn[1]).labelCounts();
        assertEquals(1, a[0]);
        assertEquals(2, a[1]);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
    }

    private static LabeledSamples samples(int... labels) {
        return new LabeledSamples(new int[] {1}, new float[labels.length], labels, List.of("a", "b"));
    }

    @Test
    void nonPrivateModelGetsBothAttacksReported() {
        MembershipAuditResult r = audit(wdbc(5).build(), 4);
        assertEquals(2, r.attacks().size());
        assertFalse(r.isPrivate());
        for (AttackResult a : r.attacks()) {
            assertTrue(a.members() > 50 && a.members() == a.nonMembers(), "balanced: " + a);
            assertTrue(a.advantage() >= 0 && a.advantage() <= 1, a.toString());
            assertTrue(a.auc() >= 0 && a.auc() <= 1, a.toString());
            assertTrue(a.epsilonLowerBound() >= 0, a.toString());
        }
        assertFalse(r.contradictsAccountant());
    }

    @Test
    void dpSgdAtEpsilonThreeStaysBelowItsAccountant() {
        StudySpecBuilder b = wdbc(5);
        b.dpLevel = "sample";
        b.dpClip = 1.0;
        b.dpEpsilon = 3.0;
        b.balanceClasses = true; // the shadows then need class weights of their own
        MembershipAuditResult r = audit(b.build(), 4);
        assertTrue(r.isPrivate());
        assertTrue(r.accountantEpsilon() > 2.9 && r.accountantEpsilon() <= 3.0, "accountant " + r.accountantEpsilon());
        for (AttackResult a : r.attacks()) {
            assertTrue(a.epsilonLowerBound() < 3.0, "empirical bound below the accountant's epsilon: " + a);
            assertEquals(r.delta(), a.delta());
        }
        assertFalse(r.contradictsAccountant());
    }

    @Test
    void theOneRunAuditFlipsACoinPerCanaryAndStaysBelowTheAccountant() {
        StudySpecBuilder b = wdbc(5);
        b.dpLevel = "sample";
        b.dpClip = 1.0;
        b.dpEpsilon = 3.0;
        StudySpec spec = b.build();
        FederatedData data = Simulation.prepareData(spec);
        MembershipAuditResult r = MembershipAudit.withDjl().run(spec, data, 0, 120, new SimulationListener() { });
        OneRunResult one = r.oneRun();
        assertEquals(120, one.canaries());
        assertEquals(48, one.guesses(), "20 % guessed in, 20 % out");
        assertTrue(one.included() > 40 && one.included() < 80, "a fair coin per canary: " + one.included());
        // the "out" canaries were taken out of the sites' training data before the study ran
        assertEquals(data.pooledTrain().size() - (120 - one.included()), r.simulation().data().pooledTrain().size());
        assertTrue(one.correct() >= 0 && one.correct() <= one.guesses());
        assertTrue(one.epsilonLowerBound() < 3.0, "one-run bound below the accountant's ε: " + one);
        assertFalse(r.contradictsAccountant());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MembershipAudit.withDjl().run(spec, data, 0, 5, new SimulationListener() { }));
        assertTrue(e.getMessage().startsWith("canaries (--canaries) must be between 10 and"), e.getMessage());
    }
}
