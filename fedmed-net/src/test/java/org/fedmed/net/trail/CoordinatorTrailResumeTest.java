package org.fedmed.net.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator stopped between a round's commit and its chain entry: reopened, the chain closes the
 * committed round from the store's record, once, and keeps verifying.
 */
class CoordinatorTrailResumeTest {

    @Test
    void aRoundCommittedButNotClosedInTheChainIsClosedOnReopening(@TempDir Path dir) {
        SyntheticChain.Written w = SyntheticChain.write(dir, 2, 2);
        ModelWeights model = ModelWeights.of(List.of(new TensorSpec("w", new int[] {2})), new float[] {1, 2});
        try (RunStore store = RunStore.open(w.jdbcUrl())) {
            store.useStudy(SyntheticChain.STUDY);
            for (int r = 1; r <= 3; r++) {
                store.commitRound(new RoundResult(r, model, List.of("site-1", "site-2"), Map.of(), true, 0.5, null, List.of(), 0.1, 0, 0));
            }
            CoordinatorTrail trail = CoordinatorTrail.open(store, new FederationLayout(w.root()));
            trail.recover(store.rounds());
            // reopened once more: nothing left to recover, no second chain_opened
            CoordinatorTrail again = CoordinatorTrail.open(store, new FederationLayout(w.root()));
            again.recover(store.rounds());
            assertEquals(trail.status().entries(), again.status().entries());
        }
        List<ChainEntry> chain = ChainLines.parse(TrailVerification.coordinator(w.jdbcUrl()).lines(), "coordinator", "store").entries();
        List<ChainEntry> closed = chain.stream().filter(e -> e.type().equals(EntryType.ROUND_CLOSED)).toList();
        assertEquals(List.of(1, 2, 3), closed.stream().map(ChainEntry::round).toList());
        assertEquals("closed after a restart from the run store's record", closed.get(2).payload().get("recovered"));
        TrailVerification.Report r = TrailVerification.verify(TrailVerification.coordinator(w.jdbcUrl()),
                w.coordinatorDir().resolve("ca.crt"), null, w.kits());
        assertEquals(List.of(), r.problems());
        assertEquals(3, r.rounds());
    }
}
