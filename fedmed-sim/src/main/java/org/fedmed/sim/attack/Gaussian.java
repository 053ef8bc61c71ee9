package org.fedmed.sim.attack;

import java.util.Random;
import org.fedmed.core.model.ModelWeights;

/** Gaussian updates: sends global + N(0, σ²) in every coordinate, ignoring its data (seeded per site and round). */
public record Gaussian(double sigma) implements Attack {

    public static final double DEFAULT_SIGMA = 1.0;

    @Override
    public double parameter() {
        return sigma;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return noise(round.global(), sigma, round.seed());
    }

    /** A delta of independent N(0, σ²) values with the model's layout; zeros when σ is 0. */
    static ModelWeights noise(ModelWeights layout, double sigma, long seed) {
        float[] out = new float[layout.size()];
        if (sigma > 0) {
            Random rng = new Random(seed);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (sigma * rng.nextGaussian());
            }
        }
        return layout.withValues(out);
    }
}
