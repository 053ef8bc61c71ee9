package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store on H2 (always) and PostgreSQL (when FEDMED_TEST_POSTGRES_URL is set, as .ci/run does). */
class RunStoreTest {

    @Test
    void h2KeepsRoundsAndCheckpointsAcrossRestarts(@TempDir Path dir) {
        exercise("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath());
    }

    @Test
    void postgresKeepsRoundsAndCheckpointsAcrossRestarts() throws Exception {
        String url = System.getenv("FEDMED_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL variant skipped: FEDMED_TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String t : List.of("fedmed_meta", "fedmed_sites", "fedmed_rounds", "fedmed_checkpoints")) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
        exercise(url);
    }

    private static void exercise(String url) {
        ModelWeights w0 = ModelWeights.of(List.of(new TensorSpec("fc.weight", new int[] {2, 3}), new TensorSpec("fc.bias", new int[] {2})),
                new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("study A");
            assertTrue(s.lastCheckpoint().isEmpty());
            s.saveInitial(w0);
            s.recordSite("site-1", "abc");
            s.recordSite("site-1", "abd");
            s.commitRound(round(1, w0.withValues(new float[] {1, 1, 1, 1, 1, 1, 1, Float.MIN_VALUE})));
            s.commitRound(round(2, w0.withValues(new float[] {2, 2, 2, 2, 2, 2, 2, -0f})));
            // the same round twice is refused and changes nothing
            IllegalStateException dup = assertThrows(IllegalStateException.class, () -> s.commitRound(round(2, w0)));
            assertTrue(dup.getMessage().contains("round 2"));
        }
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("study A");
            assertThrows(IllegalArgumentException.class, () -> s.bindStudy("study B"));
            RunStore.Checkpoint cp = s.lastCheckpoint().orElseThrow();
            assertEquals(2, cp.round());
            assertEquals(w0.specs(), cp.weights().specs());
            assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, -0f}, cp.weights().values());
            List<RunStore.StoredRound> rounds = s.rounds();
            assertEquals(List.of(1, 2), rounds.stream().map(RunStore.StoredRound::round).toList());
            assertEquals(List.of("site-1", "site-2"), rounds.get(0).participants());
            assertEquals(0.9, rounds.get(1).testAccuracy());
            assertEquals(null, rounds.get(1).testRocAuc());
            assertTrue(rounds.get(1).failures().contains("site-3: late"));
        }
    }

    private static RoundResult round(int n, ModelWeights global) {
        var metrics = org.fedmed.core.metrics.ClassificationMetrics.fromConfusion(
                org.fedmed.core.metrics.ConfusionMatrix.ofCounts(new long[][] {{9, 1}, {0, 0}}), Double.NaN);
        return new RoundResult(n, global, List.of("site-1", "site-2"), Map.of("site-3", "late: no answer"), true, 0.5,
                new org.fedmed.core.federation.EvaluationResult(0.3, metrics), List.of(), 1.5, 100, 200);
    }
}
