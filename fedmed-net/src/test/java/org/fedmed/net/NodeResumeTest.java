package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real node client loses its connection half way through uploading a 16 MB update, or through
 * downloading a 16 MB model (a TCP proxy between node and coordinator cuts it), reconnects and
 * resumes from the last acknowledged (uploads) or received (downloads) chunk.
 */
class NodeResumeTest {

    @AfterEach
    void stop() {
        NetFixtures.stopNodes();
    }

    @Test
    void nodeResumesItsUploadAfterTheConnectionIsCut(@TempDir Path dir) throws Exception {
        int serverPort = NetFixtures.freePort();
        try (CuttingProxy proxy = new CuttingProxy(serverPort, 6_000_000)) {
            // the kit dials the proxy; the proxy forwards to the coordinator
            Provisioner p = NetFixtures.provision(dir, proxy.port(), "big");
            ModelWeights global = ModelWeights.of(List.of(new TensorSpec("w", new int[] {4 << 20})), new float[4 << 20]);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (CoordinatorServer server = NetFixtures.server(p, serverPort, List.of("big"), Duration.ofSeconds(30),
                    Weights.DEFAULT_CHUNK_BYTES)) {
                NetFixtures.startNode(NodeKit.load(p.layout().kit("big")), new NetFixtures.FakeSite("big", 0.5f, 7),
                        new PrintStream(log, true, StandardCharsets.UTF_8));
                server.awaitConnected(1, Duration.ofSeconds(20));
                SiteUpdate u = CompletableFuture.supplyAsync(() -> server.sites().get(0)
                        .fit(new FitInstructions(1, global, TrainingConfig.defaults()))).get(120, TimeUnit.SECONDS);
                float[] expected = new float[4 << 20];
                Arrays.fill(expected, 0.5f * 2);
                assertArrayEquals(expected, u.weights().values());
                String out = log.toString(StandardCharsets.UTF_8);
                assertTrue(proxy.cut.get(), "the proxy cut the connection");
                assertTrue(out.contains("upload interrupted at chunk"), out);
                assertTrue(out.matches("(?s).*resuming the upload of round 1 at chunk [1-9][0-9]* of 16.*"), out);
                // the node logs completion when the coordinator's final ack reaches it, which can be just after the fit returns
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!out.contains("upload resumed and completed") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    out = log.toString(StandardCharsets.UTF_8);
                }
                assertTrue(out.contains("upload resumed and completed"), out);
            }
        }
    }

    @Test
    void nodeContinuesItsModelDownloadAfterTheConnectionIsCut(@TempDir Path dir) throws Exception {
        int serverPort = NetFixtures.freePort();
        int floats = 4 << 20; // 16 MiB: 16 chunks
        try (CuttingProxy proxy = new CuttingProxy(serverPort, 6_000_000, true)) {
            Provisioner p = NetFixtures.provision(dir, proxy.port(), "big");
            ModelWeights global = ModelWeights.of(List.of(new TensorSpec("w", new int[] {floats})),
                    LargeTransferTest.randomValues(floats, 11));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (CoordinatorServer server = NetFixtures.server(p, serverPort, List.of("big"), Duration.ofSeconds(30),
                    Weights.DEFAULT_CHUNK_BYTES)) {
                NetFixtures.startNode(NodeKit.load(p.layout().kit("big")), new NetFixtures.FakeSite("big", 0.5f, 7),
                        new PrintStream(log, true, StandardCharsets.UTF_8));
                server.awaitConnected(1, Duration.ofSeconds(20));
                SiteUpdate u = CompletableFuture.supplyAsync(() -> server.sites().get(0)
                        .fit(new FitInstructions(1, global, TrainingConfig.defaults()))).get(120, TimeUnit.SECONDS);
                float[] expected = global.values().clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += 0.5f * 2;
                }
                assertArrayEquals(expected, u.weights().values(), "trained on the whole, intact model");
                String out = log.toString(StandardCharsets.UTF_8);
                assertTrue(proxy.cut.get(), "the proxy cut the connection");
                assertTrue(out.matches("(?s).*resuming the model download of round 1 at chunk [1-9][0-9]* of 16.*"), out);
                assertEquals(2, proxy.toNode.size(), "one reconnect");
                long payloadBytes = 4L * floats;
                assertTrue(proxy.toNode.get(1).get() < payloadBytes, "after the reconnect only the rest of the model travels: "
                        + proxy.toNode.get(1).get() + " of " + payloadBytes + " bytes");
            }
        }
    }

    /**
     * Forwards loopback TCP connections; the first one is cut once the node has sent {@code cutAfter}
     * bytes (or, with {@code cutDownstream}, received them). Counts the bytes each connection carried
     * to the node.
     */
    static final class CuttingProxy implements AutoCloseable {
        final ServerSocket listener;
        final AtomicBoolean cut = new AtomicBoolean();
        final List<AtomicLong> toNode = new CopyOnWriteArrayList<>(); // per connection, in order
        private final int target;
        private final long cutAfter;
        private final boolean cutDownstream;

        CuttingProxy(int target, long cutAfter) throws IOException {
            this(target, cutAfter, false);
        }

        CuttingProxy(int target, long cutAfter, boolean cutDownstream) throws IOException {
            this.target = target;
            this.cutAfter = cutAfter;
            this.cutDownstream = cutDownstream;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    boolean mayCut = !cut.get();
                    AtomicLong down = new AtomicLong();
                    toNode.add(down);
                    pump(client, server, new AtomicLong(), mayCut && !cutDownstream);
                    pump(server, client, down, mayCut && cutDownstream);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, AtomicLong counter, boolean mayCut) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[64 << 10];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                        if (counter.addAndGet(n) > cutAfter && mayCut && cut.compareAndSet(false, true)) {
                            // stop forwarding, but let the receiver read what it was sent: closing at once can
                            // reset the connection and discard bytes still in its socket buffer
                            Thread.sleep(300);
                            from.close();
                            to.close();
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException ignored) {
                    // connection closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }, "pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
