package org.fedmed.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.read.ImageSet;
import org.fedmed.data.read.MedMnistReader;
import org.fedmed.dicom.DicomSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed data dicom-sample}: a bundled image dataset written as hospitals' DICOM folders, to try DICOM in. */
@Command(name = "dicom-sample", mixinStandardHelpOptions = true, description = {
        "Write a bundled 28x28 image dataset as one DICOM folder per site (OUT/site-N/*.dcm, CR, view PA, no patient",
        "attributes) with its labels file (OUT/site-N-labels.csv, columns file,finding), for trying",
        "`fedmed node --data dicom:OUT/site-N --labels OUT/site-N-labels.csv`. Images come from the training split."})
final class DicomSampleCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "pneumoniamnist", paramLabel = "NAME",
            description = "pneumoniamnist or breastmnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--sites", defaultValue = "2", paramLabel = "N", description = "Folders to write (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--per-class", defaultValue = "40", paramLabel = "K", description = "Images of each class per site"
            + " (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the folders and labels files go.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (sites < 1 || perClass < 1) {
            throw new IllegalArgumentException("--sites and --per-class must be positive");
        }
        String name = DatasetCatalog.canonicalName(dataset);
        Path npz = DatasetCatalog.dataPath(name, DatasetCatalog.defaultDataRoot());
        ImageSet train = switch (name) {
            case "pneumoniamnist" -> MedMnistReader.read(npz, MedMnistReader.PNEUMONIA_CLASSES).train();
            case "breastmnist" -> MedMnistReader.read(npz, MedMnistReader.BREAST_CLASSES, true).train();
            default -> throw new IllegalArgumentException("--dataset must be an image dataset (pneumoniamnist, breastmnist), got "
                    + dataset);
        };
        int n = DicomSample.write(train, sites, perClass, "finding", out);
        System.out.printf("%d DICOM folders of %d images each (%s, %d per class) under %s%n", sites, n, name, perClass, out);
        return 0;
    }
}
