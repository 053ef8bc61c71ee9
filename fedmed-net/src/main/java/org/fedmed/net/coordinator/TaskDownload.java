package org.fedmed.net.coordinator;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fedmed.net.proto.Task;
import org.fedmed.net.transfer.ChunkSender;

/**
 * A task and its model on the way to one node. If the stream breaks before the node has confirmed
 * the whole model, the node keeps the chunks it received; when it reconnects within the site wait and
 * names the transfer in its hello ({@link #claim}), the same task is sent again on the new stream and
 * the chunks continue from where the node stopped. A node that reconnects without naming it, or
 * stays away longer, fails the task.
 */
final class TaskDownload {

    private static final System.Logger LOG = System.getLogger(TaskDownload.class.getName());

    private final String siteId;
    private final Task task;
    private final byte[] payload;
    private final int window;
    private ChunkSender sender;    // the current attempt; guarded by this
    private NodeSession latest;    // the site's newest stream; guarded by this
    private NodeSession claimedBy; // a new stream whose hello named this transfer; guarded by this
    private int claimedFrom;
    private boolean stopped;       // the task ended (answered, failed, cancelled); guarded by this

    /** @param task the task, its {@code weights} header describing {@code payload} */
    TaskDownload(String siteId, Task task, byte[] payload, int window) {
        this.siteId = siteId;
        this.task = task;
        this.payload = payload;
        this.window = window;
        this.sender = new ChunkSender(task.getWeights(), payload);
    }

    String transferId() {
        return task.getWeights().getTransferId();
    }

    /** Whether the node confirmed the whole model (its SHA-256 matched). */
    synchronized boolean isComplete() {
        return sender.isComplete();
    }

    /**
     * Sends the task and its model on {@code first}, resuming on a later stream after a break, and
     * returns once the node has confirmed the model or the task has ended otherwise.
     *
     * @throws IllegalStateException when the download failed and cannot resume
     * @throws InterruptedException  the round's deadline passed
     */
    void deliver(NodeSession first, Duration siteWait) throws InterruptedException {
        NodeSession s;
        synchronized (this) {
            if (latest == null) {
                latest = first;
            }
            s = latest; // a stream attached since the caller looked is the one to use
        }
        while (s != null) {
            ChunkSender attempt;
            synchronized (this) {
                attempt = sender;
            }
            try {
                s.sendTask(task, attempt, window);
                return;
            } catch (ChunkSender.InterruptedTransferException e) {
                if (isStopped()) {
                    return; // the task's answer (a failure report) says what happened
                }
                if (s.isOpen()) {
                    throw new IllegalStateException("model download failed: " + e.getMessage());
                }
                s = awaitResume(s, siteWait, e.getMessage());
            }
        }
    }

    /** The node's new stream named this transfer in its hello, having chunks below {@code nextChunk}. */
    synchronized boolean claim(NodeSession s, String taskId, int nextChunk) {
        if (stopped || !task.getTaskId().equals(taskId) || sender.isComplete()) {
            return false;
        }
        claimedBy = s;
        claimedFrom = nextChunk;
        notifyAll();
        return true;
    }

    /** A new stream from the site was attached (after its hello, so after any {@link #claim}). */
    synchronized void attached(NodeSession s) {
        latest = s;
        notifyAll();
    }

    /** The task ended: stops a download in progress or waiting to resume. */
    synchronized void stop() {
        stopped = true;
        sender.abandon();
        notifyAll();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Waits for the node to come back and name this transfer; returns the stream to continue on, or null once stopped. */
    private synchronized NodeSession awaitResume(NodeSession lost, Duration siteWait, String why) throws InterruptedException {
        long deadline = System.nanoTime() + siteWait.toNanos();
        while (claimedBy == null && !stopped) {
            if (latest != lost) {
                throw new IllegalStateException("node reconnected without resuming its model download (" + why + ")");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("node disconnected while receiving the model (" + why + ") and did not resume within "
                        + siteWait.toSeconds() + " s");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (stopped) {
            return null;
        }
        NodeSession s = claimedBy;
        claimedBy = null;
        // a fresh sender: a late loss notice from the old stream must not break the new attempt
        sender = new ChunkSender(task.getWeights(), payload);
        sender.resumeFrom(claimedFrom);
        LOG.log(Level.INFO, "site {0}: round {1}: model download resumes at chunk {2} of {3}", siteId, task.getRound(),
                sender.acked(), sender.chunkCount());
        return s;
    }
}
