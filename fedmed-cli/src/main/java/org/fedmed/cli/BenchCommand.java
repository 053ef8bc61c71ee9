package org.fedmed.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.fedmed.bench.accuracy.AccuracyBenchmark;
import org.fedmed.bench.aggregation.AggregationBenchmark;
import org.fedmed.bench.audit.AuditChainBenchmark;
import org.fedmed.bench.flamby.FlambyBenchmark;
import org.fedmed.bench.network.RoundOverheadBenchmark;
import org.fedmed.bench.network.UploadBenchmark;
import org.fedmed.bench.secure.PaillierBenchmark;
import org.fedmed.bench.secure.SecAggBenchmark;
import org.fedmed.bench.training.DpSgdBenchmark;
import org.fedmed.bench.training.LocalEpochBenchmark;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmed bench}: the speed and accuracy figures of docs/BENCHMARKS.md, measured by the
 * fedmed-bench module. Kept out of the unit tests: they take minutes and print figures rather than
 * pass or fail.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark and print its figures:",
                "  aggregation   FedAvg of 10 x 10M-parameter updates vs a plain array copy",
                "  local-epoch   a FedMed local epoch vs a bare DJL training loop (CNN, 28x28)",
                "  dp-sgd -- [--images N] [--batch B] [--reps R] [--model cnn|mlp|logreg]   a DP-SGD local epoch vs a",
                "                non-private one on the same CNN (seeded and secure noise), and vs one backward pass per example",
                "  accuracy      the reference studies (WDBC, cardio, heart, PneumoniaMNIST) with baselines",
                "  flamby heart|tcga-brca [--seeds N] [--out DIR]   FLamby's Fed-Heart-Disease (accuracy) or Fed-TCGA-BRCA",
                "                (C-index) benchmark: FedMed's figure per strategy beside FLamby's published one; table on",
                "                stdout, DIR/flamby.json (default 5 seeds, runs/flamby-<dataset>)",
                "  upload [MB] [reps] [direct]   a MB-megabyte model (default 100) node <-> coordinator over mTLS on loopback:",
                "                MB/s and wire bytes / raw float bytes (counted by a TCP relay)",
                "  round-overhead [rounds] [sites] [params]   10 sites x 1M parameters, fake training: seconds per",
                "                round in-process vs coordinator + network nodes over mTLS",
                "  secagg --sites N --params P [--dropout F]   one SecAgg+ round: seconds per site and at the coordinator,",
                "                bytes per site, bytes_ratio (vs a float32 upload) and mask_ratio (vs raw AES-CTR)",
                "  paillier [--params N] [--sites S] [--threshold t] [--bits B]   Paillier aggregation at 2048-bit keys on one",
                "                core: encryptions per second (precomputed / inline randomness), packed vs one value per",
                "                ciphertext for N values (default 100000), threshold decryption time",
                "  audit-chain [rounds] [sites] [reps]   write and verify the signed audit chains of a synthetic study",
                "                (default 100 rounds, 5 sites), beside the raw SHA256withECDSA sign / verify rates"})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "aggregation, local-epoch, dp-sgd, accuracy, flamby, upload, round-overhead, secagg, paillier or audit-chain")
    String which;

    @Parameters(index = "1..*", description = "arguments passed to the benchmark")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        String[] a = args.toArray(String[]::new);
        switch (which) {
            case "aggregation" -> AggregationBenchmark.main(a);
            case "local-epoch" -> LocalEpochBenchmark.main(a);
            case "dp-sgd" -> DpSgdBenchmark.main(a);
            case "accuracy" -> AccuracyBenchmark.run(a, BenchCommand::study, System.out);
            case "flamby" -> FlambyBenchmark.main(a);
            case "upload" -> UploadBenchmark.main(a);
            case "round-overhead" -> RoundOverheadBenchmark.main(a);
            case "secagg" -> SecAggBenchmark.main(a);
            case "paillier" -> PaillierBenchmark.main(a);
            case "audit-chain" -> AuditChainBenchmark.main(a);
            default -> throw new IllegalArgumentException("unknown benchmark '" + which
                    + "' (aggregation, local-epoch, dp-sgd, accuracy, flamby, upload, round-overhead, secagg, paillier, audit-chain)");
        }
        return 0;
    }

    /** One reference study with the dataset's defaults, its progress and results printed as `fedmed simulate` does. */
    private static SimulationResult study(String dataset, Long seed) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = dataset;
        if (seed != null) {
            b.seed = seed;
        }
        StudySpec spec = b.build();
        SimulationResult r = Simulation.withDjl().run(spec, new ProgressPrinter(System.out, spec.rounds()));
        ResultsTable.print(System.out, r);
        return r;
    }
}
