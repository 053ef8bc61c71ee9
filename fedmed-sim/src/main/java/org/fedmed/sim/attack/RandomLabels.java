package org.fedmed.sim.attack;

import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;

/**
 * Random labels: the site trains honestly on its features with every label replaced by a class drawn
 * uniformly from the seed, a site whose labels carry no information (a broken export, a mislabelled
 * cohort), and sends what it trained. Unlike {@link LabelFlip} its updates pull towards no class.
 */
public record RandomLabels(long seed) implements LabelAttack {

    @Override
    public String name() {
        return "random_labels";
    }

    @Override
    public LabeledSamples poison(LabeledSamples train) {
        int c = train.numClasses();
        Random random = new Random(Seeds.mix(seed, 0x726c626cL, train.size()));
        int[] y = new int[train.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(c);
        }
        return new LabeledSamples(train.featureShape(), train.features(), y, train.classNames());
    }
}
