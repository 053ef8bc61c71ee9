package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning under FedPer: a site that kept its head during the federation fine-tunes from the final
 * shared body with its own head, not the global head it never trained with.
 */
class FineTuneStartTest {

    /** Records every fit's start and result, per training set (one per site). */
    private static final class Recording implements LocalTrainer {
        final LocalTrainer inner;
        final Map<LabeledSamples, List<ModelWeights[]>> fits = new IdentityHashMap<>();

        Recording(LocalTrainer inner) {
            this.inner = inner;
        }

        @Override
        public ModelSpec spec() {
            return inner.spec();
        }

        @Override
        public ModelWeights initialWeights(long seed) {
            return inner.initialWeights(seed);
        }

        @Override
        public synchronized TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config) {
            TrainingOutcome o = inner.fit(start, data, config);
            fits.computeIfAbsent(data, d -> new ArrayList<>()).add(new ModelWeights[] {start, o.weights()});
            return o;
        }

        @Override
        public Predictions predict(ModelWeights weights, LabeledSamples data) {
            return inner.predict(weights, data);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aSiteFineTunesFromItsOwnHeadUnderFedPer() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "heart";
        b.model = "mlp"; // a body to share and a head to keep
        b.rounds = 3;
        b.seed = 5L;
        b.baselines = false;
        b.localLayers = List.of("head");
        b.finetuneEpochs = 2;
        List<Recording> made = new ArrayList<>();
        SimulationResult r = Simulation.with(spec -> {
            Recording rec = new Recording(DjlTrainer.builder().model(spec).build());
            made.add(rec);
            return rec;
        }, UnaryOperator.identity()).run(b.build(), SimulationListener.SILENT);
        assertEquals(r.data().siteIds().size(), r.personal().size());
        ModelWeights global = r.federation().finalWeights();
        String head = global.specs().get(global.specs().size() - 1).name(); // the output layer's bias
        int sites = 0;
        for (List<ModelWeights[]> perSite : made.get(0).fits.values()) {
            ModelWeights[] lastRound = perSite.get(perSite.size() - 2);
            ModelWeights[] fineTune = perSite.get(perSite.size() - 1);
            // its own head: the one its last round trained, not the global (untrained) head
            assertArrayEquals(lastRound[1].tensor(head), fineTune[0].tensor(head));
            assertFalse(Arrays.equals(global.tensor(head), fineTune[0].tensor(head)));
            // the shared body: the final federated one
            String body = global.specs().get(0).name();
            assertArrayEquals(global.tensor(body), fineTune[0].tensor(body));
            sites++;
        }
        assertEquals(r.data().siteIds().size(), sites);
    }
}
