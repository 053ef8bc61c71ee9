package org.fedmed.cli;

import java.util.concurrent.Callable;
import org.fedmed.net.trail.TrailVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed audit export}: prints the coordinator's audit chain as JSON lines, as stored (signatures included). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print the coordinator's audit chain as JSON lines (one signed entry per line), e.g. > chain.jsonl.")
final class AuditExportCommand implements Callable<Integer> {

    @Option(names = "--coordinator", required = true, paramLabel = "DIR|JDBC",
            description = "The coordinator's directory (fed/coordinator, run store in state/) or a run-store jdbc: URL.")
    String coordinator;
    @Option(names = "--study", paramLabel = "NAME", description = "The study, in a run store that holds several (default: its only one).")
    String study;

    @Override
    public Integer call() {
        for (String line : TrailVerification.coordinator(coordinator, study).lines()) {
            System.out.println(line);
        }
        return 0;
    }
}
