package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator killed right after committing a round must find it on restart. Embedded H2 writes
 * commits to its file in the background up to a second later, so the store forces them out; this
 * commits in a child JVM that halts at once (no shutdown hooks, like a kill -9) and reads back.
 */
class RunStoreKillTest {

    /** Child: commits rounds 1 and 2 and halts without closing anything. */
    public static void main(String[] args) {
        RunStore store = RunStore.open(args[0]);
        ModelWeights w = NetFixtures.zeros(4);
        store.bindStudy("kill-test", "kill-test", 1000);
        store.saveInitial(w);
        for (int r = 1; r <= 2; r++) {
            store.commitRound(new RoundResult(r, w, List.of("site-1"), Map.of(), true, 0.5, null, List.of(), 0.1, 10, 10));
        }
        Runtime.getRuntime().halt(0);
    }

    @Test
    void roundsCommittedJustBeforeAKillSurvive(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunStoreKillTest.class.getName(), url).inheritIO().start();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        try (RunStore store = RunStore.open(url)) {
            assertTrue(store.useStudy("kill-test"));
            assertEquals(2, store.lastCheckpoint().orElseThrow().round());
            assertEquals(2, store.rounds().size());
        }
    }
}
