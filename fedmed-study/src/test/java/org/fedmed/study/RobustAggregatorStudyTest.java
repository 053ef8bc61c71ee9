package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The aggregator key: read like every study key, wired into the strategy, and refused before round 1 when it cannot work. */
class RobustAggregatorStudyTest {

    private static List<String> sites(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "site-" + i).toList();
    }

    private static StudySpecBuilder builder(String aggregator) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "aggregator", aggregator, KeySource.commandLine());
        return b;
    }

    private static StudyAssembly assemble(StudySpec spec, int sites) {
        return StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), sites(sites), s -> { });
    }

    @Test
    void theKeyPutsTheRobustRuleInThePipeline() {
        StudySpec spec = builder("krum:f=1").build();
        assertEquals("krum:f=1", spec.aggregator());
        for (StudyRuntime runtime : StudyRuntime.values()) {
            StudyAssembly a = StudyAssembly.assemble(spec, runtime, spec.training(), sites(5), s -> { });
            assertEquals("krum(f=1) → sgd(η=1.0)", a.strategy().aggregation(), runtime.name());
        }
        StudySpec plain = new StudySpecBuilder().build();
        assertEquals("mean(samples) → sgd(η=1.0)", assemble(plain, 3).strategy().aggregation());
    }

    @Test
    void theMeanLeavesTheFingerprintOfOlderStudiesAsItWas() {
        assertFalse(StudyKeys.fingerprint(new StudySpecBuilder().build()).contains("aggregator"));
        assertTrue(StudyKeys.fingerprint(builder("median").build()).contains("aggregator=median"));
    }

    @Test
    void tooFewSitesPerRoundAreRefusedBeforeRoundOneWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assemble(builder("krum:f=1").build(), 4));
        assertEquals("aggregator krum(f=1) needs n > 2f + 2 = 4 updates per round, but the study has 4 sites per round"
                + " (at least 5 needed)", e.getMessage());
        // sites × fraction: 10 sites at 0.5 are 5 per round, too few for Bulyan with f = 1
        StudySpecBuilder b = builder("bulyan:f=1");
        b.fraction = 0.5;
        StudySpec spec = b.build();
        e = assertThrows(IllegalArgumentException.class, () -> assemble(spec, 10));
        assertEquals("aggregator bulyan(f=1) needs n ≥ 4f + 3 = 7 updates per round, but the study has 5 sites per round"
                + " (at least 7 needed)", e.getMessage());
        b.fraction = 0.7;
        assertEquals("bulyan(f=1) → sgd(η=1.0)", assemble(b.build(), 10).strategy().aggregation());
    }

    @Test
    void badValuesAreRefusedWhenTheKeyIsRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder("trimmed_mean:0.5"));
        assertEquals("option --aggregator aggregator trimmed_mean needs a trimming fraction β in [0, 0.5) per side, got 0.5"
                + " (β ≥ 0.5 would trim every update)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder("krumm:f=1"));
        assertTrue(e.getMessage().endsWith("unknown aggregator 'krumm'; known: mean, median, trimmed_mean, krum, multi_krum,"
                + " bulyan, geomed, centered_clip, norm_bound, fltrust, screen"), e.getMessage());
    }

    @Test
    void clientLevelDpAndSecureAggregationAreRefusedWithARobustRule() {
        StudySpecBuilder dp = builder("median");
        dp.dpClip = 1.0;
        dp.dpNoise = 1.0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, dp::build);
        assertTrue(e.getMessage().startsWith("aggregator median cannot be combined with client-level DP"), e.getMessage());
        StudySpecBuilder secure = builder("geomed");
        secure.secureAggregation = "secagg+";
        e = assertThrows(IllegalArgumentException.class, secure::build);
        assertEquals("aggregator geomed(iters=10, ν=1.0E-6) cannot run on one secure sum (secure_aggregation secagg+): a robust"
                + " rule needs the individual updates or group sums; set secure_groups (the rule then runs across the group means)"
                + " or use secure_aggregation none", e.getMessage());
        // grouped secure sums: the rule runs across the group means
        secure.secureGroups = 3;
        assertEquals(3, secure.build().secure().groups());
        // sample-level DP (DP-SGD at the sites) leaves the aggregation alone, so it goes with any rule
        StudySpecBuilder sample = builder("median");
        sample.dpLevel = "sample";
        sample.dpClip = 1.0;
        sample.dpNoise = 1.0;
        assertEquals("median", sample.build().aggregator());
    }

    @Test
    void scoringRulesAreRefusedWhereTheyCannotWork() {
        // reputation follows a site across rounds; grouped secure sums change members every round
        StudySpecBuilder secure = builder("screen");
        secure.secureAggregation = "secagg+";
        secure.secureGroups = 3;
        StudySpec screened = secure.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assemble(screened, 12));
        assertTrue(e.getMessage().startsWith("aggregator screen keeps a reputation per site, but secure aggregation hides"),
                e.getMessage());
        StudySpecBuilder trusted = builder("fltrust:root=50");
        trusted.secureAggregation = "secagg+";
        trusted.secureGroups = 3;
        assertEquals("fltrust(root=50) → sgd(η=1.0)", assemble(trusted.build(), 12).strategy().aggregation());
        // the coordinator of a deployment holds no root data yet
        StudySpec fl = builder("fltrust").build();
        e = assertThrows(IllegalArgumentException.class, () -> StudyAssembly.assemble(fl, StudyRuntime.DEPLOYMENT, fl.training(),
                sites(5), s -> { }));
        assertTrue(e.getMessage().startsWith("aggregator fltrust needs a root dataset of 100 examples held by the coordinator"),
                e.getMessage());
        StudySpec direction = builder("screen:cos=0.1").build();
        assertEquals(0, StudyAssembly.assemble(direction, StudyRuntime.DEPLOYMENT, direction.training(), sites(5), s -> { })
                .robustRule().orElseThrow().rootExamples());
    }
}
