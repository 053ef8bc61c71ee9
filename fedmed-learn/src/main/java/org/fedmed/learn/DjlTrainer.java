package org.fedmed.learn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.core.training.Distiller;
import org.fedmed.core.training.FrozenLayers;
import org.fedmed.core.training.LayerSelection;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.learn.bridge.HostStaging;
import org.fedmed.learn.bridge.WeightBridge;
import org.fedmed.learn.dp.DpSgdLoop;
import org.fedmed.learn.dp.PerExampleGradients;
import org.fedmed.learn.model.ModelFactory;
import org.fedmed.learn.train.BatchLoss;
import org.fedmed.learn.train.ClassWeights;
import org.fedmed.learn.train.CoxPartialLikelihood;
import org.fedmed.learn.train.ImageAugmenter;
import org.fedmed.learn.train.ParameterUpdater;

/**
 * {@link LocalTrainer} on DJL with the PyTorch engine.
 *
 * <p>A trainer builds ONE DJL model (block and parameters) for its {@link ModelSpec} and reuses it
 * for every call: each {@code fit}/{@code predict} loads the weights it is given into the block's
 * parameters, works in a per-call {@link NDManager} (data, optimizer state, per-batch managers for
 * activations and gradients) and closes it before returning, so native memory does not grow with the
 * number of calls or of simulated sites. Calls on one trainer are serialized ({@code synchronized}).
 *
 * <p>Training: per epoch the examples are shuffled with a {@link Random} seeded by
 * {@link TrainingConfig#seed()} (one stream per fit), and the engine's generator (parameter
 * initialization, dropout) is seeded from the same seed, so equal inputs give bit-identical weights.
 * (The engine generator is process-wide: bit-identical results assume no other fit runs concurrently.)
 * The data set becomes one native array per call (one bulk copy through an off-heap staging buffer
 * the trainer keeps, sized to the largest data set seen) and mini-batches are gathered from it with
 * index arrays. Loss: softmax cross-entropy, per example multiplied by its class weight when
 * {@link TrainingConfig#balanceClasses()} (weights n/(k·count_c) from the site's own labels; batch
 * loss = Σ wᵢ·ℓᵢ / b); for a {@code COX} model, Cox's partial likelihood over the batch
 * ({@link CoxPartialLikelihood}); for a {@code ROCKET} model, the ridge classifier's squared error against ±1
 * targets ({@link BatchLoss#squared}). Optimizer, weight decay and FedProx: see {@link ParameterUpdater}; the
 * proximal reference is the {@code start} weights of the call. With {@link TrainingConfig#localSteps()}
 * set, training stops after exactly that many steps, reshuffling whenever a pass ends (a pass's last
 * batch may be short). {@link TrainingOutcome#meanLoss()} is the mean (class-weighted when balancing)
 * data loss of the last (possibly partial) pass, each batch's loss taken before its step; it never
 * includes the proximal or decay terms. With {@link TrainingConfig#augment()} set, every pass trains on freshly
 * transformed copies of the site's images ({@link ImageAugmenter}, its own seeded stream).
 *
 * <p>{@link #distill} (FedDF's coordinator step) runs the same loop for a fixed number of Adam steps
 * with the teacher's probability rows as targets and the logits divided by the temperature.
 *
 * <p>With {@link TrainingConfig#dpSgd()} set the epochs are DP-SGD instead ({@link DpSgdLoop}): Poisson
 * sampling, per-example clipping and Gaussian noise; the rest (optimizer, class weights, FedProx) is
 * the same.
 *
 * <p>Gradient recording in DJL's PyTorch engine is process-wide (one {@link GradientCollector} at a
 * time), so the forward/backward of a batch holds a process-wide lock: trainers on several threads
 * interleave batch by batch rather than fail.
 */
public final class DjlTrainer implements LocalTrainer, Distiller {

    private static final String ENGINE = "PyTorch";
    private static final ReentrantLock GRADIENT_LOCK = new ReentrantLock();
    /** Mixed into the fit's seed for the augmentation stream. */
    private static final long AUGMENT_STREAM = 0x6a09e667f3bcc909L;

    private final ModelSpec spec;
    private final Device device;
    private final int intraOpThreads;
    private final int predictBatchSize;
    private final Engine engine;
    private final Model model;
    private final Block block;
    private final WeightBridge bridge;
    private final List<NDArray> trainableArrays;
    /** Tensors this model's fits leave alone (transfer learning). */
    private final Set<String> frozen;
    private final HostStaging featureStage = new HostStaging();
    private final HostStaging targetStage = new HostStaging();
    private final HostStaging orderStage = new HostStaging();
    private boolean closed;

    DjlTrainer(DjlTrainerBuilder b) {
        this.spec = Objects.requireNonNull(b.spec, "model spec");
        this.engine = Engine.getEngine(ENGINE);
        this.device = b.device != null ? b.device : engine.defaultDevice();
        this.intraOpThreads = b.intraOpThreads;
        this.predictBatchSize = b.predictBatchSize;
        if (b.tuneNativeAllocator) {
            NativeAllocatorTuning.apply();
        }
        applyThreads();
        this.block = ModelFactory.build(spec);
        this.model = Model.newInstance("fedmed-" + spec.architecture().id(), device, ENGINE);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.batchShape(spec, 1));
            this.bridge = new WeightBridge(block);
            // frozen tensors (transfer learning) keep the values each fit starts from
            this.frozen = FrozenLayers.resolve(spec.frozen(), bridge.layout());
            if (!spec.localLayers().isEmpty()) {
                // checked here, before round 1: a name matching no tensor would otherwise fail every site's fit
                LayerSelection.resolve(spec.localLayers(), bridge.layout(), "local_layers");
            }
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < bridge.tensorCount(); i++) {
                if (bridge.isTrainable(i) && !frozen.contains(bridge.layout().get(i).name())) {
                    arrays.add(bridge.parameters().get(i).getArray());
                }
            }
            this.trainableArrays = List.copyOf(arrays);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public static DjlTrainerBuilder builder() {
        return new DjlTrainerBuilder();
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** Device the model lives on. */
    public Device device() {
        return device;
    }

    /** Tensor names and shapes of this model's {@link ModelWeights}, in block order. */
    public List<TensorSpec> layout() {
        return bridge.layout();
    }

    /** Names of the tensors the optimizer trains (all but BatchNorm running statistics). */
    public Set<String> trainableTensors() {
        return bridge.trainableNames();
    }

    /** Number of values in {@link ModelWeights} (trainable and running statistics). */
    public int parameterCount() {
        return bridge.size();
    }

    /** Number of trainable values. */
    public int trainableParameterCount() {
        return bridge.trainableSize();
    }

    /** Human-readable structure of the block. */
    public String describe() {
        return block.toString();
    }

    /**
     * Native arrays currently held by this trainer's model manager and its sub-managers: constant
     * between calls (the parameters), a diagnostic for leaks.
     */
    public synchronized int liveNativeArrays() {
        ensureOpen();
        return model.getNDManager().getManagedArrays().size();
    }

    @Override
    public synchronized ModelWeights initialWeights(long seed) {
        ensureOpen();
        engine.setRandomSeed(engineSeed(seed));
        return bridge.initialize(model.getNDManager());
    }

    /** Loads {@code weights} into the model (validated). Mostly for tools and benchmarks. */
    public synchronized void setWeights(ModelWeights weights) {
        ensureOpen();
        bridge.requireCompatible(weights, "weights");
        bridge.load(weights);
    }

    /** The model's current weights. */
    public synchronized ModelWeights getWeights() {
        ensureOpen();
        return bridge.extract();
    }

    @Override
    public TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config) {
        return fit(start, data, config, null);
    }

    @Override
    public TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config, ModelWeights gradientOffset) {
        return train(start, data, config, gradientOffset, null, 1.0);
    }

    /**
     * FedDF's distillation step: the fit loop with the loss T²·Σ −qᵢ·log softmax(zᵢ/T) against the
     * teacher's rows q instead of the labels (see {@link Distiller}).
     */
    @Override
    public TrainingOutcome distill(ModelWeights start, LabeledSamples inputs, float[] teacherProbabilities, DistillConfig config) {
        Objects.requireNonNull(teacherProbabilities, "teacher probabilities");
        Objects.requireNonNull(config, "distillation config");
        if (spec.architecture() == ModelArchitecture.COX) {
            throw new UnsupportedOperationException("a cox model gives risk scores, not class probabilities: it cannot be distilled");
        }
        if (inputs != null && teacherProbabilities.length != (long) inputs.size() * spec.numClasses()) {
            throw new IllegalArgumentException("distillation needs " + spec.numClasses() + " teacher probabilities per input ("
                    + ((long) inputs.size() * spec.numClasses()) + "), got " + teacherProbabilities.length);
        }
        return train(start, inputs, config.asTraining(), null, teacherProbabilities, config.temperature());
    }

    /** One fit: against the labels (softTargets null) or against soft targets at temperature T. */
    private synchronized TrainingOutcome train(ModelWeights start, LabeledSamples data, TrainingConfig config,
                                               ModelWeights gradientOffset, float[] softTargets, double temperature) {
        ensureOpen();
        Objects.requireNonNull(start, "start weights");
        Objects.requireNonNull(config, "training config");
        SampleChecks.validate(spec, data, "training");
        bridge.requireCompatible(start, "start weights");
        applyThreads();

        final int n = data.size();
        final int k = spec.numClasses();
        final int batch = Math.min(config.batchSize(), n);
        final boolean cox = spec.architecture() == ModelArchitecture.COX;

        engine.setRandomSeed(engineSeed(config.seed()));
        Random shuffler = new Random(config.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }

        try (NDManager fitManager = model.getNDManager().newSubManager()) {
            bridge.load(start);
            zeroGradients(fitManager);
            NDArray features = featureStage.stage(fitManager, data.features(), ModelFactory.batchShape(spec, n));
            ImageAugmenter augmenter = config.augment().isNone() ? null : new ImageAugmenter(config.augment(), spec.inputShape());
            // its own stream, so augmenting leaves the shuffling order as it was
            Random augmentRandom = new Random(config.seed() ^ AUGMENT_STREAM);
            // a Cox model has no per-example targets: its loss reads times and events on the host
            float[] targetRows = cox ? null : softTargets != null ? softTargets
                    : ClassWeights.weightedOneHot(data.labels(), k, ClassWeights.forTraining(config, data.labels(), k));
            NDArray targets = cox ? null : targetStage.stage(fitManager, targetRows, new Shape(n, k));
            BatchLoss batchLoss = cox ? new CoxPartialLikelihood(data.times(), data.labels())
                    : softTargets != null ? BatchLoss.softTargets(targets, (float) temperature)
                    : spec.architecture() == ModelArchitecture.ROCKET ? BatchLoss.squared(targets) : BatchLoss.crossEntropy(targets);
            ParameterUpdater updater = new ParameterUpdater(trainableArrays, config, fitManager);
            if (gradientOffset != null) {
                if (config.dpSgd() != null) {
                    throw new IllegalArgumentException("a gradient offset (SCAFFOLD) cannot be combined with DP-SGD");
                }
                bridge.requireCompatible(gradientOffset, "gradient offset");
                updater.addToGradients(trainableSlices(gradientOffset, fitManager));
            }
            if (config.dpSgd() != null) {
                DpSgdLoop.Outcome o = new DpSgdLoop(engine, PerExampleGradients.forModel(spec, block, trainableArrays, !frozen.isEmpty()),
                        GRADIENT_LOCK)
                        .run(features, targets, n, trainableArrays, updater, config, fitManager);
                return new TrainingOutcome(bridge.extract(), o.lastEpochMeanLoss(), o.examplesSeen(), o.steps());
            }
            ParameterStore parameterStore = new ParameterStore(fitManager, false);

            // by epochs: localEpochs full passes; by steps: shuffled passes until localSteps batches, the last one cut short
            final long totalSteps = config.stepsFor(n);
            double lastPassLoss = Double.NaN;
            long seen = 0;
            long taken = 0;
            while (taken < totalSteps) {
                Shuffle.inPlace(order, shuffler);
                if (augmenter != null) {
                    // fresh transformations of the site's own images for every pass
                    features.close();
                    features = featureStage.stage(fitManager, augmenter.apply(data.features(), augmentRandom),
                            ModelFactory.batchShape(spec, n));
                }
                NDArray epochOrder = orderStage.stageIndices(fitManager, order);
                NDArray epochLossSum = fitManager.zeros(new Shape(), DataType.FLOAT32);
                int passExamples = 0;
                for (int from = 0; from < n && taken < totalSteps; from += batch, taken++) {
                    int to = Math.min(n, from + batch);
                    try (NDManager stepManager = fitManager.newSubManager()) {
                        NDArray index = epochOrder.get(new NDIndex(from + ":" + to));
                        index.attach(stepManager);
                        NDArray x = features.get(index);
                        x.attach(stepManager);
                        NDArray lossSum;
                        GRADIENT_LOCK.lock();
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray outputs = block.forward(parameterStore, new NDList(x), true).singletonOrThrow();
                            lossSum = batchLoss.sum(outputs, Arrays.copyOfRange(order, from, to), index, stepManager);
                            collector.backward(lossSum.mul(1f / (to - from)));
                        } finally {
                            GRADIENT_LOCK.unlock();
                        }
                        epochLossSum.addi(lossSum);
                        updater.step(stepManager);
                    }
                    passExamples += to - from;
                }
                seen += passExamples;
                lastPassLoss = epochLossSum.getFloat() / passExamples;
                epochOrder.close();
            }
            ModelWeights trained = bridge.extract();
            return new TrainingOutcome(trained, lastPassLoss, seen, updater.steps());
        }
    }

    /** The trainable tensors of {@code w} as arrays on {@code manager}, in the optimizer's order. */
    private List<NDArray> trainableSlices(ModelWeights w, NDManager manager) {
        float[] v = w.values();
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < bridge.tensorCount(); i++) {
            if (bridge.isTrainable(i) && !frozen.contains(bridge.layout().get(i).name())) {
                TensorSpec t = bridge.layout().get(i);
                float[] part = Arrays.copyOfRange(v, bridge.offset(i), bridge.offset(i) + t.numel());
                out.add(manager.create(part, trainableArrays.get(out.size()).getShape()));
            }
        }
        return out;
    }

    /** @throws UnsupportedOperationException for a Cox model, whose outputs are risk scores: see {@link #riskScores} */
    @Override
    public synchronized Predictions predict(ModelWeights weights, LabeledSamples data) {
        ensureOpen();
        if (spec.architecture() == ModelArchitecture.COX) {
            throw new UnsupportedOperationException("a cox model gives risk scores, not class probabilities: use riskScores");
        }
        Objects.requireNonNull(weights, "weights");
        SampleChecks.validate(spec, data, "prediction");
        bridge.requireCompatible(weights, "weights");
        applyThreads();
        final int n = data.size();
        final int k = spec.numClasses();
        int[] labels = data.labels();
        float[] probabilities = new float[n * k];
        double lossSum = 0;
        try (NDManager callManager = model.getNDManager().newSubManager()) {
            bridge.load(weights);
            NDArray features = featureStage.stage(callManager, data.features(), ModelFactory.batchShape(spec, n));
            ParameterStore parameterStore = new ParameterStore(callManager, false);
            for (int from = 0; from < n; from += predictBatchSize) {
                int to = Math.min(n, from + predictBatchSize);
                try (NDManager batchManager = callManager.newSubManager()) {
                    NDArray x = features.get(new NDIndex(from + ":" + to));
                    x.attach(batchManager);
                    NDArray logits = block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                    NDArray logProbs = logits.logSoftmax(1);
                    FloatBuffer lp = logProbs.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                    int base = from * k;
                    lp.get(probabilities, base, (to - from) * k);
                    for (int i = from; i < to; i++) {
                        lossSum -= probabilities[i * k + labels[i]];
                    }
                    for (int j = base; j < to * k; j++) {
                        probabilities[j] = (float) Math.exp(probabilities[j]);
                    }
                }
            }
        }
        return new Predictions(probabilities, k, lossSum / n);
    }

    /** A Cox model's risk score (its one output) for each example: higher means an earlier event expected. */
    @Override
    public synchronized double[] riskScores(ModelWeights weights, LabeledSamples data) {
        ensureOpen();
        if (spec.architecture() != ModelArchitecture.COX) {
            throw new UnsupportedOperationException("risk scores come from a cox model, this is " + spec);
        }
        SampleChecks.validate(spec, data, "prediction");
        bridge.requireCompatible(weights, "weights");
        applyThreads();
        try (NDManager callManager = model.getNDManager().newSubManager()) {
            bridge.load(weights);
            NDArray x = featureStage.stage(callManager, data.features(), ModelFactory.batchShape(spec, data.size()));
            float[] s = block.forward(new ParameterStore(callManager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }

    /** Off-heap bytes this trainer keeps for staging data (sized to the largest data set seen). */
    public synchronized long stagingBytes() {
        return featureStage.capacity() + targetStage.capacity() + orderStage.capacity();
    }

    /** Clears gradients left by an interrupted call (the optimizer's fused update zeroes them otherwise). */
    private void zeroGradients(NDManager manager) {
        for (NDArray w : trainableArrays) {
            if (w instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            } else {
                NDArray g = w.getGradient();
                g.attach(manager);
                g.muli(0);
            }
        }
    }

    private void applyThreads() {
        if (intraOpThreads > 0) {
            JniUtils.setNumThreads(intraOpThreads);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("trainer for " + spec + " is closed");
        }
    }

    static int engineSeed(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }
}
