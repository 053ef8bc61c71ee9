package org.fedmed.bench.network;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.bench.Median;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.ConstantStepTrainer;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.coordinator.RemoteSite;
import org.fedmed.net.node.NodeClient;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;

/**
 * {@code fedmed bench upload [MB] [repetitions]}: a model of MB megabytes (10^6 bytes of float32;
 * default 100) goes coordinator → node and back node → coordinator over mutual TLS 1.3 on loopback,
 * after one warm-up transfer, with the real {@link CoordinatorServer}, {@link RemoteSite} and {@link NodeClient} (1 MiB chunks,
 * window 8). The node's "training" copies the model and adds a constant. Prints, per repetition and
 * as medians: upload and download MB/s, and bytes on the wire ÷ raw float bytes, counted by a TCP
 * relay in front of the coordinator (TLS records, HTTP/2 frames, gRPC/protobuf framing, acks and
 * task messages included; IP/TCP headers not); with a third argument {@code direct} the node
 * connects straight to the coordinator (MB/s without the relay's extra hop; wire ratios then read 0). Upload time runs from the moment the node's training
 * returned to the moment the coordinator holds the decoded, SHA-256-checked update.
 */
public final class UploadBenchmark {

    private UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean direct = args.length > 2 && args[2].equals("direct");
        if (args.length > 2 && !direct) {
            throw new IllegalArgumentException("third argument: 'direct' (no counting relay) or nothing; got " + args[2]);
        }
        long floatsL = mb * 1_000_000L / 4;
        if (mb <= 0 || floatsL > (Integer.MAX_VALUE - 8) / 4) {
            throw new IllegalArgumentException("model size must be 1..536 MB (one payload is one Java byte array), got " + mb);
        }
        int floats = (int) floatsL;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "upload benchmark: %d MB model (%,d float32), %d repetitions, %s, max heap %s, %d cores%n", mb,
                floats, reps, direct ? "node connects directly (wire bytes not counted)" : "through the byte-counting relay",
                ByteSize.human(rt.maxMemory()), rt.availableProcessors());

        // both ends share this JVM; a transfer thread running out of heap would otherwise leave the round waiting
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError) {
                System.err.printf(Locale.ROOT, "upload benchmark: out of heap with a %d MB model (max heap %s, coordinator and node in"
                        + " one JVM hold about 8 copies of the model); run with FEDMED_JAVA_OPTS=-Xmx<more>%n", mb, ByteSize.human(rt.maxMemory()));
                Runtime.getRuntime().halt(1);
            }
            e.printStackTrace();
        });
        Path dir = Files.createTempDirectory("fedmed-bench-upload");
        try {
            run(dir, floats, reps, direct);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir, int floats, int reps, boolean direct) throws Exception {
        int port = freePort();
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("bench", List.of("node-1"), "localhost", port, List.of());
        ModelWeights global = ConstantStepTrainer.weights(floats, 0.25f);
        long raw = 4L * floats;
        Timing timing = new Timing();
        try (CoordinatorServer server = new CoordinatorServer(p.layout(), "bench", ConstantStepTrainer.SPEC, List.of("node-1"),
                new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(60), Weights.DEFAULT_CHUNK_BYTES).start();
             ByteCountingRelay relay = new ByteCountingRelay(new InetSocketAddress("127.0.0.1", port))) {
            NodeKit kit = NodeKit.load(p.layout().kit("node-1"));
            NodeKit viaRelay = direct ? kit : new NodeKit(kit.dir(), kit.federation(), kit.siteId(), "localhost", relay.port());
            NodeClient node = new NodeClient(viaRelay, spec -> new TimedSite("node-1", timing), new PrintStream(OutputStream.nullOutputStream()),
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
            CompletableFuture<Integer> nodeRun = CompletableFuture.supplyAsync(() -> {
                try {
                    return node.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 3;
                }
            });
            if (server.awaitConnected(1, Duration.ofSeconds(30)) < 1) {
                throw new IllegalStateException("the node did not connect");
            }
            RemoteSite site = server.sites().get(0);
            List<Double> up = new ArrayList<>();
            List<Double> down = new ArrayList<>();
            List<Double> upRatio = new ArrayList<>();
            List<Double> downRatio = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%4s %12s %12s %16s %16s %14s%n", "rep", "upload MB/s", "download MB/s", "wire up / raw",
                    "wire down / raw", "protocol up/raw");
            for (int r = 0; r <= reps; r++) { // round 0 warms up the JIT and TLS and is left out of the medians
                long up0 = relay.toTarget();
                long down0 = relay.fromTarget();
                long proto0 = server.traffic().fromSites();
                long t0 = System.nanoTime();
                SiteUpdate u = site.fit(new FitInstructions(r + 1, global, TrainingConfig.defaults()));
                long t3 = System.nanoTime();
                if (u.weights().size() != floats || u.weights().values()[floats - 1] != 0.25f + 1f) {
                    throw new IllegalStateException("the update did not come back intact");
                }
                double upSecs = (t3 - timing.fitEnd) / 1e9;
                double downSecs = (timing.fitStart - t0) / 1e9;
                // the relay's counters settle once the last bytes are pumped; give the pump threads a moment
                Thread.sleep(200);
                double ur = (double) (relay.toTarget() - up0) / raw;
                double dr = (double) (relay.fromTarget() - down0) / raw;
                double pr = (double) (server.traffic().fromSites() - proto0) / raw;
                if (r > 0) {
                    up.add(raw / 1e6 / upSecs);
                    down.add(raw / 1e6 / downSecs);
                    upRatio.add(ur);
                    downRatio.add(dr);
                }
                System.out.printf(Locale.ROOT, "%4s %12.1f %12.1f %16.5f %16.5f %14.5f%n", r == 0 ? "warm" : Integer.toString(r), raw / 1e6 / upSecs, raw / 1e6 / downSecs, ur,
                        dr, pr);
            }
            String wire = direct ? "wire bytes not counted (direct connection)" : String.format(Locale.ROOT,
                    "wire bytes / raw float bytes: upload %.5f, download %.5f", Median.of(upRatio), Median.of(downRatio));
            System.out.printf(Locale.ROOT, "median of %d: upload %.1f MB/s, download %.1f MB/s (%d MB, over mTLS on loopback%s); %s%n",
                    reps, Median.of(up), Median.of(down), raw / 1_000_000, direct ? ", direct" : " through the counting relay", wire);
            server.finish();
            nodeRun.get(30, TimeUnit.SECONDS);
        }
    }

    /** The node's site: records when its "training" started and ended (same JVM, same clock as the coordinator). */
    private static final class Timing {
        volatile long fitStart;
        volatile long fitEnd;
    }

    private record TimedSite(String siteId, Timing timing) implements SiteClient {
        @Override
        public SiteUpdate fit(FitInstructions in) {
            timing.fitStart = System.nanoTime();
            float[] v = in.globalWeights().values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += 1f;
            }
            SiteUpdate u = new SiteUpdate(siteId, in.round(), in.globalWeights().withValues(v), 10, Map.of(SiteUpdate.TRAIN_LOSS, 0.5));
            timing.fitEnd = System.nanoTime();
            return u;
        }

        @Override
        public SiteEvaluation evaluate(EvaluateInstructions in) {
            throw new UnsupportedOperationException("the upload benchmark does not evaluate");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
