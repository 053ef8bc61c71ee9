package org.fedmed.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fedmed.data.partition.Partitioner;
import org.fedmed.data.read.CardioReader;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.data.read.MedMnistReader;
import org.fedmed.data.read.PimaReader;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.UcrReader;
import org.fedmed.data.read.WdbcReader;

/**
 * The bundled datasets by name, and the one entry point the simulation uses:
 * {@link #prepare(DataRequest)} reads, splits, partitions and preprocesses a dataset.
 */
public final class DatasetCatalog {

    public static final String DATA_ROOT_PROPERTY = "fedmed.data";
    public static final String DATA_ROOT_ENV = "FEDMED_DATA";

    private static final List<String> NAMES = List.of("wdbc", "cardio", "heart", "pima", "pneumoniamnist", "breastmnist", "ecg200",
            "ecg5000", "tcga-brca");

    /** Datasets whose outcome is survival (an event with its follow-up time), modelled by a Cox model. */
    private static final List<String> SURVIVAL = List.of("tcga-brca");

    private DatasetCatalog() {
    }

    /** Dataset names, in catalog order. */
    public static List<String> names() {
        return NAMES;
    }

    /** Whether {@code dataset} is survival data (events with times: a Cox model, C-index); false for unknown names. */
    public static boolean isSurvival(String dataset) {
        return dataset != null && SURVIVAL.contains(dataset.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Builds the federated data set described by the request.
     *
     * @throws IllegalArgumentException for an unknown dataset or partition, or a request the data cannot satisfy
     * @throws org.fedmed.data.read.DataFormatException for a malformed data file
     */
    public static FederatedData prepare(DataRequest request) {
        String name = canonicalName(request.dataset());
        Partitioner partitioner = Partitioner.parse(request.partition());
        Path root = request.dataRoot() != null ? request.dataRoot() : defaultDataRoot();
        return switch (name) {
            case "pneumoniamnist" -> ImageAssembly.prepare(name,
                    MedMnistReader.read(dataPath(name, root), MedMnistReader.PNEUMONIA_CLASSES), request, partitioner);
            case "breastmnist" -> ImageAssembly.prepare(name,
                    MedMnistReader.read(dataPath(name, root), MedMnistReader.BREAST_CLASSES, true), request, partitioner);
            case "ecg200" -> SeriesAssembly.prepare(name,
                    UcrReader.read(dataPath(name, root), UcrReader.ECG200_LABELS, UcrReader.ECG200_CLASSES),
                    UcrReader.read(root.resolve("ecg_ucr").resolve("ECG200_TEST.txt"), UcrReader.ECG200_LABELS,
                            UcrReader.ECG200_CLASSES), request, partitioner);
            case "ecg5000" -> SeriesAssembly.prepare(name,
                    UcrReader.read(dataPath(name, root), UcrReader.ECG5000_LABELS, UcrReader.ECG5000_CLASSES), null, request,
                    partitioner);
            case "tcga-brca" -> SurvivalAssembly.tcgaBrca(dataPath(name, root), request, partitioner);
            default -> TabularAssembly.prepare(name, readTable(name, root), request, partitioner);
        };
    }

    /** The raw table of a tabular dataset, as its reader returns it. */
    public static RawTable readTable(String dataset, Path root) {
        String name = canonicalName(dataset);
        Path path = dataPath(name, root);
        return switch (name) {
            case "wdbc" -> WdbcReader.read(path);
            case "cardio" -> CardioReader.read(path);
            case "heart" -> HeartDiseaseReader.read(path);
            case "pima" -> PimaReader.read(path);
            default -> throw new IllegalArgumentException("dataset '" + name + "' is images or series, not a table");
        };
    }

    /** Where a dataset lives under the data root (a file, or the folder for heart's four files). */
    public static Path dataPath(String dataset, Path root) {
        return switch (canonicalName(dataset)) {
            case "wdbc" -> root.resolve("breast_cancer_wisconsin").resolve("wdbc.data");
            case "cardio" -> root.resolve("cardio").resolve("cardio_train.csv");
            case "heart" -> root.resolve("heart_disease_uci");
            case "pima" -> root.resolve("pima_diabetes").resolve("pima-indians-diabetes.data");
            case "pneumoniamnist" -> root.resolve("medmnist").resolve("pneumoniamnist.npz");
            case "breastmnist" -> root.resolve("medmnist").resolve("breastmnist.npz");
            case "ecg200" -> root.resolve("ecg_ucr").resolve("ECG200_TRAIN.txt");
            case "ecg5000" -> root.resolve("ecg_ucr").resolve("ECG5000_TRAIN.txt");
            case "tcga-brca" -> root.resolve("tcga_brca");
            default -> throw new IllegalStateException("no path for " + dataset);
        };
    }

    /**
     * The datasets folder: the system property {@code fedmed.data} if set, else the environment
     * variable {@code FEDMED_DATA}, else the first of {@code ./datasets} and {@code ../datasets}
     * (relative to the working directory) that exists.
     */
    public static Path defaultDataRoot() {
        String property = System.getProperty(DATA_ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return existingFolder(Path.of(property.trim()), "system property " + DATA_ROOT_PROPERTY);
        }
        String env = System.getenv(DATA_ROOT_ENV);
        if (env != null && !env.isBlank()) {
            return existingFolder(Path.of(env.trim()), "environment variable " + DATA_ROOT_ENV);
        }
        for (Path candidate : List.of(Path.of("datasets"), Path.of("..", "datasets"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("cannot find the datasets folder: neither ./datasets nor ../datasets exists"
                + " (working directory " + Path.of("").toAbsolutePath() + "); set it with -D" + DATA_ROOT_PROPERTY
                + "=/path/to/datasets or the environment variable " + DATA_ROOT_ENV);
    }

    private static Path existingFolder(Path path, String origin) {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(origin + " points to " + path.toAbsolutePath()
                    + ", which is not a folder; it should name the datasets folder");
        }
        return path.toAbsolutePath().normalize();
    }

    /** The catalog name of {@code dataset} (case and spaces ignored); an unknown name is refused listing the known ones. */
    public static String canonicalName(String dataset) {
        String name = dataset == null ? "" : dataset.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown dataset '" + dataset + "'; available: " + String.join(", ", NAMES));
        }
        return name;
    }
}
