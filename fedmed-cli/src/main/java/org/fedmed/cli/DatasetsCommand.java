package org.fedmed.cli;

import java.util.concurrent.Callable;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.study.DatasetDefaults;
import picocli.CommandLine.Command;

/** Lists the bundled datasets and their default settings. */
@Command(name = "datasets", description = "List the bundled datasets and their default model and partition.")
final class DatasetsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf("%-16s %-8s %-7s %-6s %s%n", "dataset", "model", "sites", "rounds", "partition");
        for (String name : DatasetCatalog.names()) {
            DatasetDefaults d = DatasetDefaults.of(name);
            System.out.printf("%-16s %-8s %-7d %-6d %s%n", name, d.architecture().id(), d.sites(), d.rounds(), d.partition());
        }
        System.out.println("data directory: " + DatasetCatalog.defaultDataRoot());
        return 0;
    }
}
