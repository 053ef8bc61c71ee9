package org.fedmed.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.fedmed.cli.deploy.CoordinatorCommand;
import org.fedmed.cli.deploy.NodeCommand;
import org.fedmed.cli.deploy.ProvisionCommand;
import org.fedmed.cli.deploy.StudiesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fedmed} command. */
@Command(name = "fedmed", mixinStandardHelpOptions = true, version = "fedmed 0.1.0",
        description = "Federated learning for privacy-preserving medical diagnosis.",
        subcommands = {SimulateCommand.class, DatasetsCommand.class, BenchCommand.class, ProvisionCommand.class, CoordinatorCommand.class,
                StudiesCommand.class, NodeCommand.class, PrivacyCommand.class, AttackCommand.class, AuditCommand.class, DistillCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class})
public final class FedMed implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command, e.g. `fedmed simulate`");
    }

    /**
     * netty reports a TLS handshake that failed before gRPC's handler was installed (a client that sent no
     * certificate) as a stack trace through SLF4J; the coordinator refuses such a client and carries on, so
     * that logger says only errors. An operator's own setting of the property wins.
     */
    static final String PIPELINE_LOG = "org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline";

    public static void main(String[] args) {
        if (System.getProperty(PIPELINE_LOG) == null) {
            System.setProperty(PIPELINE_LOG, "error");
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 bad usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** The command line with every subcommand; the study keys become options of {@code simulate}. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FedMed());
        StudyOptions.install(cl.getSubcommands().get("simulate").getCommandSpec());
        StudyOptions.install(cl.getSubcommands().get("audit").getSubcommands().get("membership").getCommandSpec());
        StudyOptions.install(cl.getSubcommands().get("distill").getCommandSpec());
        // `fedmed bench paillier --params N`: options bench does not know are the benchmark's own arguments.
        cl.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    /** As {@link #execute(String...)}, with error messages going to {@code err}. */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Bad input is the user's to fix: one clear line, no stack trace. Anything else is ours: full trace.
            if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException
                    || ex instanceof IOException) {
                cmd.getErr().println("fedmed: error: " + ex.getMessage());
            } else {
                cmd.getErr().println("fedmed: internal error: " + ex);
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }
}
