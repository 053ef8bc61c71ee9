package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Precomputed encryption randomness: values r^n mod n^2, each for a fresh uniform r from
 * {@link SecureRandom}. r^n is the whole cost of a Paillier encryption with g = n + 1, and it does not
 * depend on the message, so a site can compute it while it trains (in a batch with {@link #precompute},
 * or on a background thread with {@link #startBackground}) and encrypt its update with one
 * multiplication per ciphertext when the update is ready.
 *
 * <p>The pool moves the cost, it does not remove it: sustained throughput is still bounded by r^n per
 * ciphertext. {@link #take} removes each value, so no value is used twice (two ciphertexts with the
 * same r^n reveal the difference of their plaintexts); when the pool is empty, take computes one
 * inline and counts it in {@link #misses}. Thread-safe.
 */
public final class RandomnessPool implements AutoCloseable {

    private final PaillierPublicKey key;
    private final SecureRandom random;
    private final BlockingQueue<BigInteger> ready;
    private final AtomicLong misses = new AtomicLong();
    private Thread filler;

    /** An empty pool holding at most {@code capacity} values. */
    public RandomnessPool(PaillierPublicKey key, SecureRandom random, int capacity) {
        if (key == null || random == null) {
            throw new IllegalArgumentException("paillier: a randomness pool needs a public key and a SecureRandom");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("paillier: randomness pool capacity must be at least 1, got " + capacity);
        }
        this.key = key;
        this.random = random;
        this.ready = new ArrayBlockingQueue<>(capacity);
    }

    public PaillierPublicKey key() {
        return key;
    }

    /** Computes up to {@code count} values on the calling thread, stopping when the pool is full. */
    public void precompute(int count) {
        for (int i = 0; i < count; i++) {
            if (!ready.offer(key.randomnessFactor(random))) {
                return;
            }
        }
    }

    /**
     * Starts one daemon thread that keeps the pool full until {@link #close}. On a machine with spare
     * cores this hides the exponentiations; on a busy one it competes with training for the same cores.
     */
    public synchronized void startBackground() {
        if (filler != null) {
            throw new IllegalStateException("paillier: the randomness pool is already filling in the background");
        }
        filler = new Thread(this::fillUntilInterrupted, "paillier-randomness");
        filler.setDaemon(true);
        filler.start();
    }

    private void fillUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ready.put(key.randomnessFactor(random));
            }
        } catch (InterruptedException e) {
            // close() interrupts to stop the filler: that is its normal end, so keep the flag and return.
            Thread.currentThread().interrupt();
        }
    }

    /** One r^n mod n^2, removed from the pool; computed inline (and counted as a miss) when none is ready. */
    public BigInteger take() {
        BigInteger value = ready.poll();
        if (value != null) {
            return value;
        }
        misses.incrementAndGet();
        return key.randomnessFactor(random);
    }

    /** Values ready now. */
    public int size() {
        return ready.size();
    }

    /** How many {@link #take} calls found the pool empty. */
    public long misses() {
        return misses.get();
    }

    /** Stops the background thread, if any, and waits for it. */
    @Override
    public synchronized void close() {
        if (filler != null) {
            filler.interrupt();
            try {
                filler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("paillier: interrupted while stopping the randomness pool", e);
            }
            filler = null;
        }
    }
}
