package org.fedmed.net.coordinator;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedmed.net.Protocol;
import org.fedmed.net.proto.CancelTask;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.Hello;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.proto.Refusal;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.Welcome;
import org.fedmed.net.transfer.ChunkSender;

/**
 * One node's stream. The site id was taken from the node's verified certificate before the stream
 * opened; the session routes the node's messages to its {@link RemoteSite}. A message that breaks the
 * protocol is refused with a {@link Refusal} and the stream stays open; the coordinator never fails
 * because of what a node sends.
 */
final class NodeSession implements StreamObserver<NodeMessage> {

    private static final System.Logger LOG = System.getLogger(NodeSession.class.getName());

    private final String siteId;
    private final String peer;
    private final RemoteSite site;
    private final ServerCallStreamObserver<CoordinatorMessage> out;
    private final Welcome welcome;
    private final TrafficCounter traffic;
    private final Consumer<String> refusals;
    private final Function<String, CoordinatorMessage> afterWelcome;
    private final Function<Hello, String> helloCheck;
    private final Consumer<NodeMessage> tap;
    private final Map<String, ChunkSender> downloads = new ConcurrentHashMap<>();
    private volatile boolean open = true;
    private volatile boolean greeted;

    /**
     * @param afterWelcome what to send a site right after its welcome (an own-data study's setup), or null for nothing
     * @param helloCheck   why a node's hello cannot join this study (e.g. another demo data split), or null when it can
     * @param tap          sees every message the node sends, before it is acted on
     */
    NodeSession(String siteId, String peer, RemoteSite site, ServerCallStreamObserver<CoordinatorMessage> out, Welcome welcome,
                TrafficCounter traffic, Consumer<String> refusals, Function<String, CoordinatorMessage> afterWelcome,
                Function<Hello, String> helloCheck, Consumer<NodeMessage> tap) {
        this.siteId = siteId;
        this.peer = peer;
        this.site = site;
        this.out = out;
        this.welcome = welcome;
        this.traffic = traffic;
        this.refusals = refusals;
        this.afterWelcome = afterWelcome;
        this.helloCheck = helloCheck;
        this.tap = tap;
        out.setOnCancelHandler(this::lost);
    }

    boolean isOpen() {
        return open;
    }

    /** Whether the node's hello was accepted (it has been welcomed). */
    boolean isGreeted() {
        return greeted;
    }

    String siteId() {
        return siteId;
    }

    void send(CoordinatorMessage m) {
        synchronized (this) {
            if (!open) {
                throw new ChunkSender.InterruptedTransferException("connection to site " + siteId + " is closed");
            }
            out.onNext(m);
        }
        traffic.toSites(m.getSerializedSize());
    }

    /** Sends if the stream is open; never throws. */
    void trySend(CoordinatorMessage m) {
        try {
            send(m);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "site {0}: could not send: {1}", siteId, e.getMessage());
        }
    }

    /** Sends the task and its model from chunk {@code download.acked()}; returns once the node confirmed the whole model. */
    void sendTask(Task task, ChunkSender download, int window) throws InterruptedException {
        downloads.put(download.transferId(), download);
        try {
            send(CoordinatorMessage.newBuilder().setTask(task).build());
            download.send(c -> send(CoordinatorMessage.newBuilder().setChunk(c).build()), window, true, 3_600_000L);
        } finally {
            downloads.remove(download.transferId());
        }
    }

    @Override
    public void onNext(NodeMessage m) {
        traffic.fromSites(m.getSerializedSize());
        try {
            tap.accept(m);
            if (!greeted && m.getBodyCase() != NodeMessage.BodyCase.HELLO) {
                throw new RemoteSite.RejectedMessageException("the first message must be hello");
            }
            switch (m.getBodyCase()) {
                case HELLO -> hello(m);
                case RESULT -> site.onResult(this, m.getResult());
                case CHUNK -> site.onChunk(this, m.getChunk());
                case ACK -> {
                    ChunkSender d = downloads.get(m.getAck().getTransferId());
                    if (d != null) {
                        d.onAck(m.getAck()); // acks that arrive after a download finished are ignored
                    }
                }
                case FAILURE -> site.onFailure(m.getFailure());
                default -> throw new RemoteSite.RejectedMessageException("empty or unknown message type");
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String line = "site " + siteId + " (" + peer + "): message refused: " + reason;
            LOG.log(Level.WARNING, line);
            refusals.accept(line);
            trySend(CoordinatorMessage.newBuilder().setRefusal(Refusal.newBuilder().setReason(reason)).build());
        }
    }

    private void hello(NodeMessage m) {
        if (greeted) {
            throw new RemoteSite.RejectedMessageException("hello sent twice");
        }
        if (m.getHello().getProtocolVersion() != Protocol.VERSION) {
            String why = "protocol version " + m.getHello().getProtocolVersion() + " not supported (this coordinator speaks "
                    + Protocol.VERSION + ")";
            refusals.accept("site " + siteId + ": " + why);
            abort(why);
            return;
        }
        String unfit = helloCheck.apply(m.getHello());
        if (unfit != null) {
            // the node cannot take part as started: it is told why (and stops) before the stream ends
            LOG.log(Level.WARNING, unfit);
            refusals.accept(unfit);
            trySend(CoordinatorMessage.newBuilder().setRefusal(Refusal.newBuilder().setReason(unfit).setFatal(true)).build());
            abort(unfit);
            return;
        }
        greeted = true;
        send(CoordinatorMessage.newBuilder().setWelcome(welcome).build());
        CoordinatorMessage extra = afterWelcome.apply(siteId);
        if (extra != null) {
            send(extra);
        }
        for (String id : m.getHello().getPendingUploadsList()) {
            int next = site.resumePoint(id);
            send(CoordinatorMessage.newBuilder().setAck(TransferAck.newBuilder().setTransferId(id)
                    .setNextChunk(Math.max(next, 0)).setResumePossible(next >= 0)).build());
            LOG.log(Level.INFO, "site {0}: upload {1} {2}", siteId, id, next >= 0 ? "resumes at chunk " + next : "cannot resume");
        }
        for (PendingDownload d : m.getHello().getPendingDownloadsList()) {
            if (site.resumeDownload(this, d)) {
                LOG.log(Level.INFO, "site {0}: download {1} resumes at chunk {2}", siteId, d.getTransferId(), d.getNextChunk());
            } else if (site.isClosed(d.getTaskId())) {
                // tells the node to drop the partial model of a task that is over
                send(CoordinatorMessage.newBuilder().setCancel(CancelTask.newBuilder().setTaskId(d.getTaskId())
                        .setReason("the task is closed; its model download does not resume")).build());
            } else {
                LOG.log(Level.INFO, "site {0}: unknown download {1} named in hello; ignored", siteId, d.getTransferId());
            }
        }
        site.attach(this);
        LOG.log(Level.INFO, "site {0} connected from {1}", siteId, peer);
    }

    @Override
    public void onError(Throwable t) {
        LOG.log(Level.INFO, "site {0}: connection lost: {1}", siteId, Status.fromThrowable(t).getCode());
        lost();
    }

    @Override
    public void onCompleted() {
        lost();
        synchronized (this) {
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    private void lost() {
        open = false;
        downloads.values().forEach(ChunkSender::connectionLost);
        site.detach(this);
    }

    /** Ends the stream with an error status the node sees (it will reconnect). */
    void abort(String reason) {
        synchronized (this) {
            if (open) {
                open = false;
                try {
                    out.onError(Status.ABORTED.withDescription(reason).asRuntimeException());
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }
        downloads.values().forEach(ChunkSender::connectionLost);
        site.detach(this);
    }

    /** Ends the stream normally: the federation is over and the node may stop. */
    void finish() {
        synchronized (this) {
            if (open) {
                open = false;
                try {
                    out.onCompleted();
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }
        site.detach(this);
    }
}
