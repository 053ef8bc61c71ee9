package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two studies in one run store: each resumes its own rounds, and `fedmed studies` lists both. */
class StudiesCommandTest {

    @Test
    void twoStudiesShareOneStoreAndAreListed(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("stroke", List.of("a", "b"), "localhost", 0, List.of());
        Path first = p.layout().coordinatorConfig();
        Path second = first.resolveSibling("second.yaml");
        Files.writeString(second, "study_name: stroke-mlp\n" + Files.readString(first).replace("rounds: 10", "rounds: 4"));
        CoordinatorConfig a = CoordinatorConfig.load(first);
        CoordinatorConfig b = CoordinatorConfig.load(second);
        assertEquals("stroke", a.studyName(), "a study is named after its federation unless study_name says otherwise");
        assertEquals(a.jdbcUrl(null), b.jdbcUrl(null), "both configurations use the same default store");

        ModelWeights w = ModelWeights.of(List.of(new TensorSpec("b", new int[] {2})), new float[] {1, 2});
        try (RunStore store = RunStore.open(a.jdbcUrl(null))) {
            store.bindStudy(a.studyName(), a.fingerprint(), a.rounds());
            store.saveInitial(w);
            store.commitRound(new RoundResult(1, w, List.of("a", "b"), Map.of(), true, 0.5, null, List.of(), 1.0, 10, 20));
            store.bindStudy(b.studyName(), b.fingerprint(), b.rounds());
        }

        CliRun list = CliRun.of("studies", "--config", second.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().matches("(?s).*\\n  stroke +1/10 +after round 1 of 10 +\\d{4}-.*"), list.out());
        assertTrue(list.out().matches("(?s).*\\n  stroke-mlp +0/4 +no round completed +- +-\\n.*"), list.out());

        CliRun check = CliRun.of("coordinator", "--config", second.toString(), "--check");
        assertTrue(check.out().contains("0 of 4 round(s) of study 'stroke-mlp' stored, 1 other study (fedmed studies)"), check.out());

        // the first study's configuration changed under the same name: the check says so before a coordinator would refuse
        Files.writeString(first, Files.readString(first).replace("rounds: 10", "rounds: 12"));
        CliRun changed = CliRun.of("coordinator", "--config", first.toString(), "--check");
        assertTrue(changed.code() != 0 && changed.out().contains("study 'stroke' was started with another configuration"),
                changed.out() + changed.err());
    }

    @Test
    void anUnsetDatabaseVariableIsOneLine() {
        CliRun run = CliRun.of("studies", "--db-env", "FEDMED_TEST_SURELY_UNSET_VARIABLE");
        assertTrue(run.code() != 0);
        assertEquals("fedmed: error: --db-env names the environment variable FEDMED_TEST_SURELY_UNSET_VARIABLE, which is not set",
                run.err().strip(), run.err());
    }
}
