package org.fedmed.net.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.LocalSite;
import org.fedmed.core.federation.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.transfer.Weights;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationSpec;
import org.fedmed.sim.SimulationSpecBuilder;

/**
 * A hospital node as a process:
 * {@code java -cp ... org.fedmed.net.node.NodeMain --kit DIR --dataset NAME [--partition P] [--sites N] [--seed S]}.
 *
 * <p>Demo data path: the node prepares the federated dataset exactly as the simulation does
 * ({@link Simulation#prepareData}) and keeps only its own site's part (the site id from its kit).
 * A real hospital would load its own records instead (not implemented yet: see docs/DEPLOYMENT.md).
 */
public final class NodeMain {

    private NodeMain() {
    }

    /** Options of a node. */
    public record Options(Path kit, String dataset, String partition, Integer sites, long seed, Double testFraction,
                          Double siteTestFraction, int chunkBytes, Duration giveUpAfter) {
    }

    public static void main(String[] args) throws Exception {
        Path kit = null;
        String dataset = null;
        String partition = null;
        Integer sites = null;
        long seed = 42;
        long giveUp = 3600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kit" -> kit = Path.of(args[++i]);
                case "--dataset" -> dataset = args[++i];
                case "--partition" -> partition = args[++i];
                case "--sites" -> sites = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--give-up-seconds" -> giveUp = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: NodeMain --kit DIR --dataset NAME [--partition P] [--sites N] [--seed S] [--give-up-seconds T]");
                    System.exit(2);
                }
            }
        }
        if (kit == null || dataset == null) {
            System.err.println("usage: NodeMain --kit DIR --dataset NAME [--partition P] [--sites N] [--seed S]");
            System.exit(2);
        }
        try {
            System.exit(run(new Options(kit, dataset, partition, sites, seed, null, null, Weights.DEFAULT_CHUNK_BYTES,
                    Duration.ofSeconds(giveUp)), System.out));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("fedmed node: error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Loads the kit and the site's data, then serves the coordinator until the federation ends; returns the exit code. */
    public static int run(Options o, PrintStream progress) throws InterruptedException {
        NodeKit kit = NodeKit.load(o.kit());
        SimulationSpecBuilder b = new SimulationSpecBuilder();
        b.dataset = o.dataset();
        b.partition = o.partition();
        b.sites = o.sites();
        b.seed = o.seed();
        if (o.testFraction() != null) {
            b.testFraction = o.testFraction();
        }
        if (o.siteTestFraction() != null) {
            b.siteTestFraction = o.siteTestFraction();
        }
        SimulationSpec spec = b.build();
        FederatedData data = Simulation.prepareData(spec);
        SiteData mine = data.sites().stream().filter(s -> s.siteId().equals(kit.siteId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the demo data has no site '" + kit.siteId() + "' (it has "
                        + String.join(", ", data.siteIds()) + ")"));
        progress.printf("[%s] demo data: %s, %d training and %d test examples (partition %s, seed %d)%n", kit.siteId(),
                data.dataset(), mine.train().size(), mine.test().size(), spec.partition(), spec.seed());
        DjlTrainer[] trainer = new DjlTrainer[1];
        try {
            NodeClient client = new NodeClient(kit, model -> site(model, mine, kit.siteId(), trainer), progress, o.chunkBytes(),
                    o.giveUpAfter());
            return client.run();
        } finally {
            if (trainer[0] != null) {
                trainer[0].close();
            }
        }
    }

    private static SiteClient site(ModelSpec model, SiteData data, String siteId, DjlTrainer[] holder) {
        if (holder[0] != null) {
            holder[0].close();
        }
        holder[0] = DjlTrainer.builder().model(model).build();
        LabeledSamples train = data.train();
        return new LocalSite(siteId, holder[0], train, null, data.test(), data.completeness());
    }
}
