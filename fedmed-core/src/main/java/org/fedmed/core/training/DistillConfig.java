package org.fedmed.core.training;

/**
 * How the coordinator distills an ensemble into one model (FedDF, Lin et al. 2020): a fixed number of
 * Adam steps on mini-batches of the proxy inputs, matching the student's softened outputs to the
 * ensemble's. A fixed step count stands in for the paper's early stopping on validation data, which a
 * coordinator holding only unlabeled proxy data could not do.
 *
 * @param steps        optimizer steps per distillation (passes over the proxy set are reshuffled as they end)
 * @param batchSize    proxy examples per step
 * @param learningRate Adam's step size
 * @param temperature  T: teacher and student logits are divided by T before the softmax; the loss is scaled by T²
 *                     so its gradients keep their size as T changes (Hinton et al. 2015)
 * @param seed         seeds the shuffling, so a distillation repeats exactly
 */
public record DistillConfig(int steps, int batchSize, double learningRate, double temperature, long seed) {

    public DistillConfig {
        if (steps <= 0) {
            throw new IllegalArgumentException("distillation steps must be positive, got " + steps);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("distillation batch size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("distillation learning rate must be a positive number, got " + learningRate);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("distillation temperature must be a positive number, got " + temperature);
        }
    }

    public DistillConfig withSeed(long s) {
        return new DistillConfig(steps, batchSize, learningRate, temperature, s);
    }

    /** The same steps as a local training config (Adam, no decay, no FedProx, no class weights), for the engine's loop. */
    public TrainingConfig asTraining() {
        return new TrainingConfig(1, batchSize, learningRate, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, seed, null, steps);
    }
}
