package org.fedmed.core.strategy;

import java.util.Locale;

/**
 * The local learning rate as a function of the round: constant, step decay, or cosine annealing
 * to a floor. Parsed from {@code constant}, {@code step:<factor>:<every>} or {@code cosine:<rounds>[:<minFactor>]}.
 */
public sealed interface LearningRateSchedule {

    /** Learning rate for {@code round} (1-based) given the base rate. */
    double at(int round, double base);

    record Constant() implements LearningRateSchedule {
        @Override
        public double at(int round, double base) {
            return base;
        }
    }

    /** Multiplies the rate by {@code factor} every {@code every} rounds. */
    record Step(double factor, int every) implements LearningRateSchedule {
        public Step {
            if (!(factor > 0 && factor <= 1) || every < 1) {
                throw new IllegalArgumentException("step schedule needs factor in (0, 1] and every >= 1");
            }
        }

        @Override
        public double at(int round, double base) {
            return base * Math.pow(factor, (round - 1) / every);
        }
    }

    /** Half a cosine from the base rate down to {@code minFactor × base} over {@code rounds} rounds. */
    record Cosine(int rounds, double minFactor) implements LearningRateSchedule {
        public Cosine {
            if (rounds < 1 || minFactor < 0 || minFactor > 1) {
                throw new IllegalArgumentException("cosine schedule needs rounds >= 1 and minFactor in [0, 1]");
            }
        }

        @Override
        public double at(int round, double base) {
            double progress = rounds == 1 ? 0 : Math.min(1.0, (round - 1) / (double) (rounds - 1));
            double min = base * minFactor;
            return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }

    static LearningRateSchedule parse(String spec, int totalRounds) {
        String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case "constant" -> new Constant();
                case "step" -> new Step(p.length > 1 ? Double.parseDouble(p[1]) : 0.5, p.length > 2 ? Integer.parseInt(p[2]) : 10);
                case "cosine" -> new Cosine(p.length > 1 ? Integer.parseInt(p[1]) : totalRounds, p.length > 2 ? Double.parseDouble(p[2]) : 0.1);
                default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + spec
                        + "' (expected constant, step:<factor>:<every> or cosine[:<rounds>[:<minFactor>]])");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in learning-rate schedule '" + spec + "'", e);
        }
    }
}
