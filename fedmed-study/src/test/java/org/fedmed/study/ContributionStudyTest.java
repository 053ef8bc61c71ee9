package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.contribution.ContributionMethod;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** contribution and reward_pool: read through the key table, refused in one line where they cannot be honoured. */
class ContributionStudyTest {

    private static StudySpecBuilder with(String method) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "contribution", method, KeySource.commandLine());
        return b;
    }

    @Test
    void offByDefaultAndNotPartOfTheStudyWhenSet() {
        assertNull(new StudySpecBuilder().build().contribution());
        assertNull(with("none").build().contribution());
        StudySpecBuilder b = with("both");
        StudyKeys.apply(b, "reward_pool", "250", KeySource.commandLine());
        StudySpec spec = b.build();
        assertEquals(new ContributionSpec(ContributionMethod.BOTH, 250), spec.contribution());
        assertEquals(ContributionSpec.DEFAULT_POOL, with("loo").build().contribution().rewardPool());
        // values are read off the rounds and change no training: a run store resumes the same study with or without them
        assertEquals(StudyKeys.fingerprint(with("none").build()), StudyKeys.fingerprint(spec));
        assertFalse(StudyKeys.fingerprint(spec).contains("contribution"));
    }

    @Test
    void anUnknownMethodOrANegativePoolIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with("banzhaf"));
        assertEquals("option --contribution must be none, loo, shapley, both or exact, got 'banzhaf'", e.getMessage());
        StudySpecBuilder b = with("loo");
        e = assertThrows(IllegalArgumentException.class, () -> StudyKeys.apply(b, "reward_pool", "-5", KeySource.commandLine()));
        assertEquals("option --reward-pool must be zero or positive, got -5.0", e.getMessage());
    }

    @Test
    void unseededClientDpIsRefusedAndSeededResearchRunsAreAllowed() {
        StudySpecBuilder b = with("shapley");
        b.dpClip = 1.0;
        b.dpNoise = 1.0;
        b.dpSeededNoise = false;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("contribution under client-level DP is refused outside seeded research runs"),
                e.getMessage());
        b.dpSeededNoise = true;
        assertEquals(ContributionMethod.SHAPLEY, b.build().contribution().method());
    }

    /** A demo-data deployment values the updates on the coordinator's test set; an own-data one asks its sites to score them. */
    @Test
    void demoAndOwnDataDeploymentsBothValueTheirSites() {
        StudySpec demo = with("shapley").build();
        StudyAssembly.assemble(demo, StudyRuntime.DEPLOYMENT, demo.training(), List.of("a", "b"), s -> { });
        StudySpecBuilder own = with("shapley");
        own.data = Map.of("label", "diagnosis", "classes", List.of("absent", "present"));
        StudySpec spec = own.build();
        StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), List.of("a", "b"), s -> { });
        assertEquals(ContributionMethod.SHAPLEY, spec.contribution().method());
    }
}
