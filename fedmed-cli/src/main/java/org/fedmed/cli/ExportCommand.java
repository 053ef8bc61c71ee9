package org.fedmed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fedmed export}: a saved model in a format other tools read. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a saved model (a run's model/ folder) for use outside FedMed (see docs/MODEL_CARD.md).",
        subcommands = {ExportOnnxCommand.class})
final class ExportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a format: `fedmed export onnx`");
    }
}
