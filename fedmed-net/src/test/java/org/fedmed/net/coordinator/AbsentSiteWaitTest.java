package org.fedmed.net.coordinator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;

/** A site that is down costs a round one wait of site_wait_seconds, not one for its fit and another for its evaluation. */
class AbsentSiteWaitTest {

    @Test
    void aSiteThatMissedItsFitIsNotWaitedForAgainInTheSameRound() {
        RemoteSite site = new RemoteSite("gone", Duration.ofSeconds(1), Weights.DEFAULT_CHUNK_BYTES, 8, new TrafficCounter());
        ModelWeights w = ModelWeights.of(List.of(new TensorSpec("w", new int[] {3})), new float[3]);
        TrainingConfig t = new TrainingConfig(1, 4, 0.1, OptimizerKind.SGD, 0, 0, 0, false, 1);

        double fit = seconds(() -> site.fit(new FitInstructions(1, w, t)));
        assertTrue(fit >= 0.9, "the fit waited for the site: " + fit + " s");
        double evaluate = seconds(() -> site.evaluate(new EvaluateInstructions(1, w)));
        assertTrue(evaluate < 0.5, "the same round's evaluation waited again: " + evaluate + " s");
        double nextRound = seconds(() -> site.fit(new FitInstructions(2, w, t)));
        assertTrue(nextRound >= 0.9, "the next round waits for it again: " + nextRound + " s");
    }

    private static double seconds(Runnable task) {
        long start = System.nanoTime();
        assertThrows(RuntimeException.class, task::run);
        return (System.nanoTime() - start) / 1e9;
    }
}
