package org.fedmed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fedmed attack}: attacks on a federation and the defences against them, in simulation. */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = {"Attacks and defences (simulation only; a study's own attack is the study key attack):",
                "  sweep   train a study under every attack x aggregator x malicious fraction: which defence holds"},
        subcommands = {AttackSweepCommand.class})
final class AttackCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: `fedmed attack sweep`");
    }
}
