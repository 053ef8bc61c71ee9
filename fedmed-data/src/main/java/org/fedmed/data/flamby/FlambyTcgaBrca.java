package org.fedmed.data.flamby;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.data.LabeledSamples;

/**
 * The data of FLamby's Fed-TCGA-BRCA benchmark (Ogier du Terrail et al., NeurIPS 2022): breast
 * cancer patients of The Cancer Genome Atlas in six regions, survival as the outcome.
 * <ul>
 *   <li>{@code brca.csv}: per patient its {@code pid}, 39 covariates (used as given: FLamby does not
 *       rescale them), the event indicator E (1 = death observed, 0 = censored) and the time T in days;</li>
 *   <li>{@code train_test_split.csv}: FLamby's static split, {@code fold2 = train_k | test_k} with k the
 *       region, in {@link #REGIONS} order; patients of {@code brca.csv} absent from it are left out, as
 *       FLamby leaves them out (8 in the bundled file);</li>
 *   <li>{@code centers.csv}: the region of each tissue source site (the barcode's second field), checked
 *       against the split's k so that a shifted or edited split is caught.</li>
 * </ul>
 * Each example's label is its event indicator and its {@link LabeledSamples#times() time} is T; within a
 * region the patients keep {@code brca.csv}'s order, as FLamby's data frame does.
 *
 * @param centers the regions in FLamby's order
 * @param train   each region's training patients
 * @param test    each region's test patients
 */
public record FlambyTcgaBrca(List<String> centers, List<LabeledSamples> train, List<LabeledSamples> test) implements FlambyData {

    public static final List<String> REGIONS = List.of("Northeast", "South", "West", "Midwest", "Europe", "Canada");
    public static final List<String> CLASSES = List.of("censored", "event");
    public static final int COVARIATES = 39;
    /** FLamby's patients per region; the benchmark's figures are for exactly these. */
    static final int[] TRAIN_SIZES = {248, 156, 164, 129, 129, 40};
    static final int[] TEST_SIZES = {63, 40, 42, 33, 33, 11};

    public FlambyTcgaBrca {
        centers = List.copyOf(centers);
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** Reads the three files from {@code folder}. */
    public static FlambyTcgaBrca load(Path folder) {
        Map<String, String> regionOfSite = sites(folder.resolve("centers.csv"));
        Map<String, Integer> split = new HashMap<>();
        Map<String, Integer> splitLine = new HashMap<>();
        Path splitFile = folder.resolve("train_test_split.csv");
        readSplit(splitFile, split, splitLine);

        Path brca = folder.resolve("brca.csv");
        List<String> lines = FlambyFiles.lines(brca);
        int columns = 1 + COVARIATES + 2;
        if (lines.isEmpty() || FlambyFiles.fields(lines.get(0)).size() != columns) {
            throw new IllegalArgumentException(FlambyFiles.at(brca, 0) + "expected a header of " + columns
                    + " columns (pid, 39 covariates, E, T)");
        }
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p < 2 * REGIONS.size(); p++) {
            parts.add(new Part());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = FlambyFiles.fields(lines.get(n));
            if (f.size() != columns) {
                throw new IllegalArgumentException(FlambyFiles.at(brca, n) + f.size() + " columns, expected " + columns);
            }
            String pid = f.get(0).trim();
            if (!seen.add(pid)) {
                throw new IllegalArgumentException(FlambyFiles.at(brca, n) + "patient " + pid + " appears twice");
            }
            float[] x = new float[COVARIATES];
            for (int j = 0; j < COVARIATES; j++) {
                x[j] = (float) FlambyFiles.number(f.get(1 + j), brca, n);
            }
            double event = FlambyFiles.number(f.get(1 + COVARIATES), brca, n);
            if (event != 0 && event != 1) {
                throw new IllegalArgumentException(FlambyFiles.at(brca, n) + "event E = " + f.get(1 + COVARIATES) + ", expected 0 or 1");
            }
            double time = FlambyFiles.number(f.get(2 + COVARIATES), brca, n);
            if (!(time >= 0) || Double.isInfinite(time)) {
                throw new IllegalArgumentException(FlambyFiles.at(brca, n) + "time T = " + f.get(2 + COVARIATES)
                        + ", expected a number of days >= 0");
            }
            Integer part = split.get(pid);
            if (part == null) {
                continue;
            }
            int region = part / 2;
            String siteRegion = regionOfSite.get(site(pid));
            if (!REGIONS.get(region).equals(siteRegion)) {
                throw new IllegalArgumentException(FlambyFiles.at(brca, n) + "patient " + pid + " is in region " + REGIONS.get(region)
                        + " in " + splitFile.getFileName() + " (line " + (splitLine.get(pid) + 1) + ") but its tissue source site "
                        + site(pid) + " is " + (siteRegion == null ? "not in centers.csv" : "in " + siteRegion));
            }
            parts.get(part).add(x, (int) event, (float) time);
        }
        for (Map.Entry<String, Integer> e : splitLine.entrySet()) {
            if (!seen.contains(e.getKey())) {
                throw new IllegalArgumentException(FlambyFiles.at(splitFile, e.getValue()) + "patient " + e.getKey()
                        + " has no row in " + brca.getFileName());
            }
        }
        List<LabeledSamples> train = new ArrayList<>();
        List<LabeledSamples> test = new ArrayList<>();
        for (int r = 0; r < REGIONS.size(); r++) {
            Part tr = parts.get(2 * r);
            Part te = parts.get(2 * r + 1);
            if (tr.size() != TRAIN_SIZES[r] || te.size() != TEST_SIZES[r]) {
                // the benchmark's figures are for FLamby's patients: other files would compare different data
                throw new IllegalStateException("FLamby's Fed-TCGA-BRCA has " + TRAIN_SIZES[r] + "/" + TEST_SIZES[r] + " train/test patients in "
                        + REGIONS.get(r) + " but " + folder + " gives " + tr.size() + "/" + te.size());
            }
            train.add(tr.samples());
            test.add(te.samples());
        }
        return new FlambyTcgaBrca(REGIONS, train, test);
    }

    /** The 39 covariates' names, from brca.csv's header (between pid and E, T). */
    public static List<String> covariateNames(Path folder) {
        Path brca = folder.resolve("brca.csv");
        List<String> lines = FlambyFiles.lines(brca);
        List<String> header = lines.isEmpty() ? List.of() : FlambyFiles.fields(lines.get(0));
        if (header.size() != COVARIATES + 3) {
            throw new IllegalArgumentException(FlambyFiles.at(brca, 0) + "expected a header of " + (COVARIATES + 3)
                    + " columns (pid, 39 covariates, E, T)");
        }
        return header.subList(1, 1 + COVARIATES).stream().map(String::trim).toList();
    }

    /** Tissue source site: the second field of a TCGA barcode such as TCGA-E2-A9RU. */
    private static String site(String pid) {
        String[] p = pid.split("-");
        return p.length > 1 ? p[1] : "";
    }

    /** pid → 2k (train_k) or 2k + 1 (test_k), and pid → its 0-based line. */
    private static void readSplit(Path file, Map<String, Integer> split, Map<String, Integer> lineOf) {
        List<String> lines = FlambyFiles.lines(file);
        if (lines.isEmpty() || !lines.get(0).trim().equals("pid,fold,fold2")) {
            throw new IllegalArgumentException(FlambyFiles.at(file, 0) + "expected the header pid,fold,fold2");
        }
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = FlambyFiles.fields(lines.get(n));
            if (f.size() != 3) {
                throw new IllegalArgumentException(FlambyFiles.at(file, n) + f.size() + " columns, expected 3 (pid, fold, fold2)");
            }
            String fold2 = f.get(2).trim();
            int part = -1;
            for (int r = 0; r < REGIONS.size() && part < 0; r++) {
                part = fold2.equals("train_" + r) ? 2 * r : fold2.equals("test_" + r) ? 2 * r + 1 : -1;
            }
            if (part < 0 || !fold2.startsWith(f.get(1).trim() + "_")) {
                throw new IllegalArgumentException(FlambyFiles.at(file, n) + "fold '" + f.get(1) + "', fold2 '" + fold2
                        + "': expected train or test and train_k or test_k alike, k in 0..5");
            }
            String pid = f.get(0).trim();
            if (split.put(pid, part) != null) {
                throw new IllegalArgumentException(FlambyFiles.at(file, n) + "patient " + pid + " appears twice");
            }
            lineOf.put(pid, n);
        }
    }

    /** Tissue source site code → region, from centers.csv (TSS code first, region last; some sites are in none of the six). */
    private static Map<String, String> sites(Path file) {
        List<String> lines = FlambyFiles.lines(file);
        Map<String, String> out = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = FlambyFiles.fields(lines.get(n));
            if (f.size() != 5) {
                throw new IllegalArgumentException(FlambyFiles.at(file, n) + f.size() + " columns, expected 5 (TSS code, source site,"
                        + " country, state, region)");
            }
            out.put(f.get(0).trim(), f.get(4).trim());
        }
        return out;
    }

    /** One region's train or test patients as they are read. */
    private static final class Part {
        private final List<float[]> x = new ArrayList<>();
        private final List<Integer> events = new ArrayList<>();
        private final List<Float> times = new ArrayList<>();

        void add(float[] covariates, int event, float time) {
            x.add(covariates);
            events.add(event);
            times.add(time);
        }

        int size() {
            return x.size();
        }

        LabeledSamples samples() {
            float[] f = new float[x.size() * COVARIATES];
            int[] e = new int[x.size()];
            float[] t = new float[x.size()];
            for (int i = 0; i < x.size(); i++) {
                System.arraycopy(x.get(i), 0, f, i * COVARIATES, COVARIATES);
                e[i] = events.get(i);
                t[i] = times.get(i);
            }
            return new LabeledSamples(new int[] {COVARIATES}, f, e, CLASSES, t);
        }
    }
}
