package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.net.proto.ExplainResult;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The explanation step on the wire: the study's settings as a task, and a node's answer as the coordinator accepts it. */
class ExplainProtocolTest {

    private static StudySpec study(Map<String, Object> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void theTaskStatesTheStudysReleaseAndTheNodeRebuildsTheSameRequest() {
        ExplainTask clear = ExplainProtocol.task(study(Map.of("dataset", "wdbc", "explain", true, "explain_rows", 30L, "seed", 9L)));
        assertEquals(ExplainTask.newBuilder().setRows(30).setMinRows(20).setRelease("clear").setSeed(9).build(), clear);
        ExplainTask sample = ExplainProtocol.task(study(Map.of("dataset", "wdbc", "explain", true, "explain_noise", 2.0,
                "dp_level", "sample", "dp_clip", 1.0, "dp_noise", 1.0)));
        assertEquals("sample", sample.getRelease());
        assertEquals(2.0, sample.getNoiseMultiplier());
        assertEquals(0.5, sample.getClip());
        assertTrue(sample.getDelta() > 0);
        ModelWeights model = ModelWeights.zeros(List.of());
        ExplainRequest r = ExplainProtocol.request(4, model, sample);
        assertEquals(ExplainRequest.Release.SAMPLE, r.release());
        assertEquals(4, r.round());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExplainProtocol.request(4, model, sample.toBuilder().setRelease("everything").build()));
        assertEquals("explanation release 'everything' is not one of clear, sample, client", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExplainProtocol.request(4, model, sample.toBuilder().setMinRows(1).build()));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void anAnswerIsReadBackExactly() {
        SiteExplanation sent = new SiteExplanation("north", 30, new double[] {0.1, 0.0, 0.25}, new double[] {0.01, -0.002, 0.03}, 1.5);
        ExplainProtocol.Received got = ExplainProtocol.explanation("north", ExplainProtocol.result(sent, Double.NaN, Double.NaN), 3, false);
        assertArrayEquals(sent.meanAbsShap(), got.explanation().meanAbsShap());
        assertArrayEquals(sent.permutationImportance(), got.explanation().permutationImportance());
        assertEquals(30, got.explanation().rows());
        assertTrue(Double.isNaN(got.epsilonTotal()));
    }

    @Test
    void aMalformedOrOverreachingAnswerIsRefusedNamingWhy() {
        ExplainResult ok = ExplainResult.newBuilder().setRows(30).addMeanAbsShap(0.1).addMeanAbsShap(0.2).build();
        assertEquals("3 mean |SHAP| values for a model of 2 inputs", refusal(ok.toBuilder().addMeanAbsShap(0.3).build(), false));
        assertEquals("mean |SHAP| values must be finite numbers, at most 10000",
                refusal(ok.toBuilder().setMeanAbsShap(0, Double.NaN).build(), false));
        assertEquals("a negative mean |SHAP| in an explanation without noise", refusal(ok.toBuilder().setMeanAbsShap(0, -1).build(), false));
        assertEquals("permutation importances in an explanation under DP (they have no noise)",
                refusal(ok.toBuilder().addPermutationImportance(0.1).addPermutationImportance(0.1).build(), true));
        assertEquals("1 permutation importances for a model of 2 inputs", refusal(ok.toBuilder().addPermutationImportance(0.1).build(), false));
        assertEquals("explained rows 0", refusal(ok.toBuilder().setRows(0).build(), false));
        // under DP a noisy mean may be negative: accepted
        ExplainProtocol.explanation("north", ok.toBuilder().setMeanAbsShap(0, -0.01).build(), 2, true);
    }

    private static String refusal(ExplainResult r, boolean isPrivate) {
        return assertThrows(IllegalArgumentException.class, () -> ExplainProtocol.explanation("north", r, 2, isPrivate)).getMessage();
    }
}
