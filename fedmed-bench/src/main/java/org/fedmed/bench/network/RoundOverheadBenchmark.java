package org.fedmed.bench.network;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fedmed.bench.Median;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.ConstantStepTrainer;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.node.NodeClient;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;

/**
 * {@code fedmed bench round-overhead [rounds] [sites] [parameters]}: the cost of federating itself.
 * The same FedAvg rounds (default 10 sites × 1,000,000 parameters, 6 rounds, every site fits and
 * evaluates every round) run twice with a {@link ConstantStepTrainer} whose "training" adds a constant:
 * through the in-process core {@link Federation} over {@link LocalSite}s, and through a
 * {@link CoordinatorServer} with one in-process {@link NodeClient} per site over mutual TLS on
 * loopback. Both use the coordinator's parallelism (one thread per site). Round 1 is reported apart
 * (JIT warm-up, TLS handshakes already done); the figure is the mean and median of rounds 2..N.
 */
public final class RoundOverheadBenchmark {

    private RoundOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int sites = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int parameters = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        if (rounds < 2 || sites < 1 || parameters < 1) {
            throw new IllegalArgumentException("need rounds >= 2, sites >= 1, parameters >= 1");
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "round overhead: %d sites x %,d parameters (%s each way per site), %d rounds, FedAvg,"
                + " fake training (+constant); max heap %s, %d cores%n", sites, parameters, ByteSize.human(parameters * 4L), rounds,
                ByteSize.human(rt.maxMemory()), rt.availableProcessors());
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= sites; i++) {
            ids.add("site-" + i);
        }
        ConstantStepTrainer trainer = new ConstantStepTrainer(parameters);
        ModelWeights initial = trainer.initialWeights(1);

        List<SiteClient> local = new ArrayList<>();
        for (String id : ids) {
            local.add(site(id, trainer));
        }
        Timed inProcessRun = timeRounds(local, rounds, initial, sites);
        double[] inProcess = inProcessRun.seconds();
        ModelWeights inProcessFinal = inProcessRun.finalWeights();

        Path dir = Files.createTempDirectory("fedmed-bench-rounds");
        double[] network;
        ModelWeights networkFinal;
        long toSites;
        long fromSites;
        try {
            int port = UploadBenchmark.freePort();
            Provisioner p = new Provisioner(dir.resolve("fed"));
            p.create("bench", ids, "localhost", port, List.of());
            try (CoordinatorServer server = new CoordinatorServer(p.layout(), "bench", ConstantStepTrainer.SPEC, ids,
                    new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(60), Weights.DEFAULT_CHUNK_BYTES).start()) {
                List<CompletableFuture<Integer>> nodes = new ArrayList<>();
                for (String id : ids) {
                    NodeClient node = new NodeClient(NodeKit.load(p.layout().kit(id)), spec -> site(id, trainer),
                            new PrintStream(OutputStream.nullOutputStream()), Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
                    nodes.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return node.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return 3;
                        }
                    }, Executors.newSingleThreadExecutor()));
                }
                if (server.awaitConnected(sites, Duration.ofSeconds(60)) < sites) {
                    throw new IllegalStateException("not all nodes connected");
                }
                Timed networkRun = timeRounds(server.sites(), rounds, initial, sites);
                network = networkRun.seconds();
                networkFinal = networkRun.finalWeights();
                toSites = server.traffic().toSites();
                fromSites = server.traffic().fromSites();
                server.finish();
                for (CompletableFuture<Integer> n : nodes) {
                    n.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            UploadBenchmark.deleteTree(dir);
        }
        if (!Arrays.equals(inProcessFinal.values(), networkFinal.values())) {
            throw new IllegalStateException("the network federation produced other weights than the in-process one");
        }
        double a = mean(inProcess);
        double b = mean(network);
        System.out.printf(Locale.ROOT, "%-34s %10s %12s %12s%n", "", "round 1 s", "mean 2..N s", "median 2..N s");
        System.out.printf(Locale.ROOT, "%-34s %10.3f %12.3f %12.3f%n", "in-process core Federation", inProcess[0], a, median(inProcess));
        System.out.printf(Locale.ROOT, "%-34s %10.3f %12.3f %12.3f%n", "coordinator + " + sites + " nodes, mTLS loopback", network[0], b,
                median(network));
        System.out.printf(Locale.ROOT, "network overhead per round: %+.3f s (x%.1f); protocol bytes per round: %s to sites, %s"
                + " from sites; final weights identical%n", b - a, b / a, ByteSize.human(toSites / rounds), ByteSize.human(fromSites / rounds));
    }

    private record Timed(double[] seconds, ModelWeights finalWeights) {
    }

    private static LocalSite site(String id, ConstantStepTrainer trainer) {
        return new LocalSite(id, trainer, ConstantStepTrainer.tinyData(), null, ConstantStepTrainer.tinyData(), 1.0);
    }

    /** Seconds of each round, wall clock between round ends (round 1 from the start of the run). */
    private static Timed timeRounds(List<? extends SiteClient> sites, int rounds, ModelWeights initial, int parallelism) {
        double[] secs = new double[rounds];
        long[] mark = {System.nanoTime()};
        Federation f = Federation.builder()
                .strategy(new FedAvg(StrategyOptions.defaults()))
                .sites(sites)
                .rounds(rounds)
                .parallelism(Math.max(2, parallelism))
                .listener(r -> {
                    long now = System.nanoTime();
                    secs[r.round() - 1] = (now - mark[0]) / 1e9;
                    mark[0] = now;
                    if (!r.failures().isEmpty() || r.participants().size() != sites.size()) {
                        throw new IllegalStateException("round " + r.round() + " had failures: " + r.failures());
                    }
                })
                .build();
        FederationResult result = f.run(initial);
        return new Timed(secs, result.finalWeights());
    }

    private static double mean(double[] s) {
        return Arrays.stream(s, 1, s.length).average().orElse(Double.NaN);
    }

    private static double median(double[] s) {
        return Median.of(Arrays.copyOfRange(s, 1, s.length));
    }
}
