package org.fedmed.core.training;

/**
 * How a site trains in one round. The coordinator's strategy fills it in ({@code configureFit});
 * the site's {@link LocalTrainer} obeys it.
 *
 * @param localEpochs    passes over the site's training data
 * @param batchSize      examples per step
 * @param learningRate   step size for this round (a schedule over rounds is applied by the strategy)
 * @param optimizer      SGD (with {@code momentum}) or Adam
 * @param momentum       SGD momentum, 0 for plain SGD
 * @param weightDecay    L2 penalty coefficient
 * @param proximalMu     FedProx μ: adds (μ/2)·‖w − w_global‖² to the local loss; 0 disables it
 * @param balanceClasses weight the loss by inverse class frequency of the site's own labels
 * @param seed           seeds shuffling (and dropout) so a run is reproducible
 * @param dpSgd          sample-level differential privacy (DP-SGD) for this training, or null for none
 * @param localSteps     optimizer steps per round, cycling through freshly shuffled passes over the data
 *                       (FLamby's protocol counts steps, not epochs); 0 means {@code localEpochs} passes
 * @param augment        random image transformations applied to the site's training images in every pass
 *                       ({@link Augmentation#NONE} for none; null reads as none)
 */
public record TrainingConfig(int localEpochs, int batchSize, double learningRate, OptimizerKind optimizer,
                             double momentum, double weightDecay, double proximalMu, boolean balanceClasses, long seed,
                             DpSgd dpSgd, int localSteps, Augmentation augment) {

    /** Training without augmentation. */
    public TrainingConfig(int localEpochs, int batchSize, double learningRate, OptimizerKind optimizer, double momentum,
                          double weightDecay, double proximalMu, boolean balanceClasses, long seed, DpSgd dpSgd, int localSteps) {
        this(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd,
                localSteps, Augmentation.NONE);
    }

    /** Training for {@code localEpochs} passes (no step count). */
    public TrainingConfig(int localEpochs, int batchSize, double learningRate, OptimizerKind optimizer, double momentum,
                          double weightDecay, double proximalMu, boolean balanceClasses, long seed, DpSgd dpSgd) {
        this(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd, 0);
    }

    /** Training without DP-SGD. */
    public TrainingConfig(int localEpochs, int batchSize, double learningRate, OptimizerKind optimizer, double momentum,
                          double weightDecay, double proximalMu, boolean balanceClasses, long seed) {
        this(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, null);
    }

    public TrainingConfig {
        augment = augment == null ? Augmentation.NONE : augment;
        if (localEpochs <= 0) {
            throw new IllegalArgumentException("local epochs must be positive, got " + localEpochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (proximalMu < 0) {
            throw new IllegalArgumentException("FedProx mu must be >= 0, got " + proximalMu);
        }
        if (localSteps < 0) {
            throw new IllegalArgumentException("local steps must be >= 0 (0: use local epochs), got " + localSteps);
        }
        if (localSteps > 0 && dpSgd != null) {
            // DP-SGD's privacy accounting counts Poisson-sampled epochs; a step budget would need its own accounting
            throw new IllegalArgumentException("local steps cannot be combined with DP-SGD (it trains by epochs)");
        }
        if (!augment.isNone() && dpSgd != null) {
            // DP-SGD's loop samples and clips the stored examples; augmenting inside it is not implemented
            throw new IllegalArgumentException("augmentation (" + augment + ") cannot be combined with DP-SGD yet");
        }
    }

    /** Plain defaults: 1 epoch, batch 32, Adam at 1e-3. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(1, 32, 1e-3, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, 0L);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(localEpochs, batchSize, lr, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd, localSteps, augment);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, s, dpSgd, localSteps, augment);
    }

    public TrainingConfig withProximalMu(double mu) {
        return new TrainingConfig(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, mu, balanceClasses, seed, dpSgd, localSteps, augment);
    }

    public TrainingConfig withLocalEpochs(int epochs) {
        return new TrainingConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd, localSteps, augment);
    }

    /** The same training with DP-SGD (or without, for null). */
    public TrainingConfig withDpSgd(DpSgd dp) {
        return new TrainingConfig(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dp, localSteps, augment);
    }

    /**
     * The optimizer steps one fit takes on {@code examples} examples without DP-SGD: localSteps when
     * set, else one per batch of every epoch (the last batch of a pass may be short).
     */
    public long stepsFor(long examples) {
        if (examples <= 0) {
            throw new IllegalArgumentException("a fit needs at least one example, got " + examples);
        }
        if (localSteps > 0) {
            return localSteps;
        }
        long batch = Math.min(batchSize, examples);
        return localEpochs * ((examples + batch - 1) / batch);
    }

    /** The same training for exactly {@code steps} optimizer steps per round (0: back to epochs). */
    public TrainingConfig withLocalSteps(int steps) {
        return new TrainingConfig(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd, steps, augment);
    }

    /** The same training with these image transformations ({@link Augmentation#NONE} for none). */
    public TrainingConfig withAugment(Augmentation a) {
        return new TrainingConfig(localEpochs, batchSize, learningRate, optimizer, momentum, weightDecay, proximalMu, balanceClasses, seed, dpSgd, localSteps, a);
    }
}
