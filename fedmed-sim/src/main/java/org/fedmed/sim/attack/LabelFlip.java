package org.fedmed.sim.attack;

import org.fedmed.core.data.LabeledSamples;

/**
 * Label flipping: the site trains honestly on its data with every label mirrored, y → C−1−y (1−y for
 * two classes), and sends what it trained. Nothing in the update itself is forged.
 */
public record LabelFlip() implements LabelAttack {

    @Override
    public String name() {
        return "label_flip";
    }

    @Override
    public LabeledSamples poison(LabeledSamples train) {
        int c = train.numClasses();
        int[] y = train.labels().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = c - 1 - y[i];
        }
        return new LabeledSamples(train.featureShape(), train.features(), y, train.classNames());
    }
}
