package org.fedmed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fedmed audit}: what a curious party can learn from what a study shares (membership,
 * inversion), and whether the federation's signed record of what happened is intact (verify, export).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Attack a trained model to measure what it gives away (see docs/AUDITS.md), or verify and export",
                "the federation's signed audit chain (docs/AUDIT_TRAIL.md)."},
        subcommands = {AuditMembershipCommand.class, AuditInversionCommand.class, AuditVerifyCommand.class, AuditExportCommand.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose an audit: `fedmed audit membership`, `inversion`, `verify` or `export`");
    }
}
