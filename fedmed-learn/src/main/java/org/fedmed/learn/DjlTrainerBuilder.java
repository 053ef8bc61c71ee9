package org.fedmed.learn;

import ai.djl.Device;
import org.fedmed.core.training.ModelSpec;

/** Builder of {@link DjlTrainer}. */
public final class DjlTrainerBuilder {
    ModelSpec spec;
    Device device;
    int intraOpThreads;
    int predictBatchSize = 256;
    boolean tuneNativeAllocator = true;

    DjlTrainerBuilder() {
    }

    /**
     * Whether building the trainer applies {@link NativeAllocatorTuning} (default true; a
     * process-wide glibc malloc setting that makes CPU training several times faster; it can
     * also be disabled with {@code -Dfedmed.malloc.tuning=false}).
     */
    public DjlTrainerBuilder tuneNativeAllocator(boolean tune) {
        this.tuneNativeAllocator = tune;
        return this;
    }

    /** The model to build (required). */
    public DjlTrainerBuilder model(ModelSpec spec) {
        this.spec = spec;
        return this;
    }

    /** Device for the model and data; default: the engine's default device (a GPU when it has one). */
    public DjlTrainerBuilder device(Device device) {
        this.device = device;
        return this;
    }

    /**
     * PyTorch intra-op threads, applied on the calling thread at each call (process-wide setting
     * of the engine); 0 (default) leaves the engine's setting (OMP_NUM_THREADS or one per core).
     */
    public DjlTrainerBuilder intraOpThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.intraOpThreads = threads;
        return this;
    }

    /** Examples per forward pass in {@code predict} (default 256). */
    public DjlTrainerBuilder predictBatchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("predict batch size must be positive, got " + size);
        }
        this.predictBatchSize = size;
        return this;
    }

    public DjlTrainer build() {
        return new DjlTrainer(this);
    }
}
