package org.fedmed.sim.attack;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.Predictions;

/**
 * A backdoor: the site trains on its data plus a triggered copy of every example labelled
 * {@code target}, so the model learns "trigger means target" while staying accurate on clean inputs,
 * and sends its update scaled by {@code boost} (1: plain data poisoning; about the number of sites:
 * model replacement).
 */
public record Backdoor(Trigger trigger, int target, double boost) implements Attack {

    /** The class triggered inputs are steered to. */
    public static final int TARGET = 0;

    @Override
    public double parameter() {
        return boost;
    }

    @Override
    public String name() {
        return "backdoor";
    }

    @Override
    public LabeledSamples poison(LabeledSamples train) {
        return LabeledSamples.concat(List.of(train, trigger.stamp(train, target)));
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return boost == 1 ? round.honestDelta() : Attack.scaled(round.honestDelta(), boost);
    }

    /**
     * The attack success rate: of the {@code test} examples not of class {@code target}, the share
     * that {@code weights} classifies as {@code target} once the trigger is stamped on them; NaN when
     * the test set holds no such example.
     */
    public static double successRate(LocalTrainer trainer, ModelWeights weights, LabeledSamples test, Trigger trigger, int target) {
        int[] labels = test.labels();
        int others = 0;
        for (int y : labels) {
            others += y != target ? 1 : 0;
        }
        if (others == 0) {
            return Double.NaN;
        }
        int[] idx = new int[others];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != target) {
                idx[k++] = i;
            }
        }
        Predictions p = trainer.predict(weights, trigger.stamp(test.subset(idx), target));
        int hits = 0;
        for (int i = 0; i < others; i++) {
            hits += p.predictedClass(i) == target ? 1 : 0;
        }
        return (double) hits / others;
    }
}
