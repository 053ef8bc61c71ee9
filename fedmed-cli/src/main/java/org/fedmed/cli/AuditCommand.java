package org.fedmed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fedmed audit}: what a curious party can learn from what a study shares. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Attack a trained model to measure what it gives away (see docs/AUDITS.md).",
        subcommands = {AuditMembershipCommand.class, AuditInversionCommand.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose an audit: `fedmed audit membership` or `fedmed audit inversion`");
    }
}
