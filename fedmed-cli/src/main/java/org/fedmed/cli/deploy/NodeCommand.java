package org.fedmed.cli.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.transfer.Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed node}: a hospital's node. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a hospital node: connect to the coordinator named in the startup kit (outbound only), train",
                "on local data when asked and send back weights, counts and aggregate metrics. Demo data path: the",
                "node prepares --dataset as the simulation does and keeps its own site's part."})
public final class NodeCommand implements Callable<Integer> {

    @Option(names = "--kit", required = true, paramLabel = "DIR", description = "This site's startup kit (from `fedmed provision`).")
    Path kit;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Bundled dataset (demo data path).")
    String dataset;

    @Option(names = "--partition", paramLabel = "P", description = "Partition, as in `fedmed simulate` (default: the dataset's).")
    String partition;

    @Option(names = "--sites", paramLabel = "N", description = "Number of sites of the partition (default: the dataset's).")
    Integer sites;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Global test share, as in the study (default 0.2).")
    Double testFraction;

    @Option(names = "--site-test-fraction", paramLabel = "F", description = "Site test share, as in the study (default 0.2).")
    Double siteTestFraction;

    @Option(names = "--give-up-seconds", defaultValue = "3600", paramLabel = "T",
            description = "Stop after this long without a working connection (default: ${DEFAULT-VALUE}).")
    long giveUp;

    @Override
    public Integer call() throws Exception {
        return NodeMain.run(new NodeMain.Options(kit, dataset, partition, sites, seed, testFraction, siteTestFraction,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(giveUp)), System.out);
    }
}
