package org.fedmed.study.prep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.Standardizer;
import org.fedmed.data.prep.TabularPreprocessor;

/**
 * The outcome of an own-data study's statistics step: the preprocessing fitted on the merged
 * training statistics of the sites, which sites it came from (they make up the study) and which were
 * left out and why. The coordinator keeps it in its run store, so a restarted coordinator goes on
 * with the same preprocessing and the same sites.
 *
 * @param preprocessing the fitted policy (columns dropped, means, standard deviations)
 * @param sites         the sites whose statistics were merged, in site order
 * @param siteRows      training rows per contributing site
 * @param excluded      site → why it is not part of the study
 */
public record PreprocessingFit(TabularPreprocessor preprocessing, List<String> sites, Map<String, Long> siteRows,
                               Map<String, String> excluded) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PreprocessingFit {
        sites = List.copyOf(sites);
        siteRows = Collections.unmodifiableMap(new LinkedHashMap<>(siteRows));
        excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
    }

    /**
     * Merges the statistics of the sites that answered, in {@code siteOrder}, and fits the study's
     * preprocessing on them: exactly what {@link TabularPreprocessor#fit} gives for the merged
     * statistics. Columns are matched by name; without declared features the first answering site's
     * columns are the study's, and a site whose columns differ is left out.
     *
     * @param answered site → its statistics (already checked against the study's minimum rows)
     * @param failed   site → why it gave no statistics
     * @throws IllegalStateException when no site is left to fit on
     */
    public static PreprocessingFit fit(OwnDataStudy study, List<String> siteOrder, Map<String, SiteStatistics> answered,
                                       Map<String, String> failed) {
        Map<String, String> excluded = new LinkedHashMap<>();
        List<String> names = study.schema().table().features();
        List<String> sites = new ArrayList<>();
        List<FeatureStats> parts = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String site : siteOrder) {
            SiteStatistics s = answered.get(site);
            if (s == null) {
                excluded.put(site, failed.getOrDefault(site, "gave no statistics"));
                continue;
            }
            if (names.isEmpty()) {
                names = s.featureNames();
            }
            String mismatch = mismatch(names, s.featureNames());
            if (mismatch != null) {
                excluded.put(site, mismatch);
                continue;
            }
            parts.add(aligned(s, names));
            sites.add(site);
            rows.put(site, s.stats().rows());
        }
        if (parts.isEmpty()) {
            List<String> why = new ArrayList<>();
            excluded.forEach((site, reason) -> why.add("site " + site + ": " + reason));
            // without declared features every column but the label is one, an id or a date column included
            String hint = study.schema().table().features().isEmpty() ? " (the study declares no features, so every column but"
                    + " the label is one: declare study.data.features to leave out ids, dates and other text)" : "";
            throw new IllegalArgumentException("no site contributed training statistics, so no preprocessing can be fitted: "
                    + String.join("; ", why) + hint);
        }
        FeatureStats merged = FeatureStats.merge(parts);
        if (!study.schema().ranges().isEmpty()) {
            merged = withinRanges(merged, names, study.schema().ranges());
        }
        TabularPreprocessor p = TabularPreprocessor.fit(merged, names, study.maxMissingShare());
        return new PreprocessingFit(p, sites, rows, excluded);
    }

    /**
     * Merged statistics made plausible for the declared ranges: sites under a privacy budget send
     * noisy counts and sums, whose merge can describe a mean outside the range or a variance near 0
     * or above what the range allows. Per ranged feature with values, the mean is clamped into
     * [min, max] and the variance into [(10⁻³·w)², w²/4] (w the range's width; w²/4 is the largest
     * variance of values in the range), and the sums rebuilt from them. Exact statistics of values
     * inside their range are unchanged but for rounding, as long as their variance is not below
     * the floor.
     */
    public static FeatureStats withinRanges(FeatureStats s, List<String> names, Map<String, FeatureRange> ranges) {
        double[] sum = s.sum().clone();
        double[] sumSq = s.sumSq().clone();
        for (int c = 0; c < names.size(); c++) {
            FeatureRange r = ranges.get(names.get(c));
            double n = s.observed()[c];
            if (r == null || n <= 0) {
                continue;
            }
            double width = r.max() - r.min();
            double mean = Math.min(r.max(), Math.max(r.min(), sum[c] / n));
            double variance = sumSq[c] / n - (sum[c] / n) * (sum[c] / n);
            double bounded = Math.min(width * width / 4, Math.max(1e-6 * width * width, variance));
            if (mean != sum[c] / n || bounded != variance) {
                sum[c] = mean * n;
                sumSq[c] = n * (bounded + mean * mean);
            }
        }
        return new FeatureStats(s.rows(), s.observed(), sum, sumSq);
    }

    /** Why a site's columns do not make the study's, or null when they are the same set. */
    private static String mismatch(List<String> study, List<String> site) {
        Set<String> missing = new TreeSet<>(study);
        site.forEach(missing::remove);
        Set<String> extra = new TreeSet<>(site);
        study.forEach(extra::remove);
        if (missing.isEmpty() && extra.isEmpty()) {
            return null;
        }
        return "its feature columns differ from the study's" + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                + (extra.isEmpty() ? "" : "; not in the study: " + String.join(", ", extra))
                + " (declare study.data.features to fix the columns)";
    }

    /** The site's statistics reordered to the study's column order. */
    private static FeatureStats aligned(SiteStatistics s, List<String> names) {
        if (s.featureNames().equals(names)) {
            return s.stats();
        }
        int k = names.size();
        long[] observed = new long[k];
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        for (int c = 0; c < k; c++) {
            int from = s.featureNames().indexOf(names.get(c));
            observed[c] = s.stats().observed()[from];
            sum[c] = s.stats().sum()[from];
            sumSq[c] = s.stats().sumSq()[from];
        }
        return new FeatureStats(s.stats().rows(), observed, sum, sumSq);
    }

    /** JSON for the run store; doubles as hexadecimal literals so they come back bit for bit. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        TabularPreprocessor p = preprocessing;
        root.set("input_names", JSON.valueToTree(p.inputNames()));
        root.set("kept_columns", JSON.valueToTree(p.keptColumns()));
        ArrayNode mean = root.putArray("mean");
        ArrayNode std = root.putArray("std");
        for (double m : p.standardizer().mean()) {
            mean.add(Double.toHexString(m));
        }
        for (double s : p.standardizer().std()) {
            std.add(Double.toHexString(s));
        }
        root.set("dropped_columns", JSON.valueToTree(p.droppedColumns()));
        root.put("max_missing_share", Double.toHexString(p.maxMissingShare()));
        root.put("train_rows", p.trainRows());
        root.set("sites", JSON.valueToTree(sites));
        root.set("site_rows", JSON.valueToTree(siteRows));
        root.set("excluded", JSON.valueToTree(excluded));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the fitted preprocessing", e);
        }
    }

    public static PreprocessingFit fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> inputs = strings(n.get("input_names"));
            int[] kept = new int[n.get("kept_columns").size()];
            double[] mean = new double[kept.length];
            double[] std = new double[kept.length];
            for (int j = 0; j < kept.length; j++) {
                kept[j] = n.get("kept_columns").get(j).asInt();
                mean[j] = Double.parseDouble(n.get("mean").get(j).asText());
                std[j] = Double.parseDouble(n.get("std").get(j).asText());
            }
            TabularPreprocessor p = new TabularPreprocessor(inputs, kept, new Standardizer(mean, std),
                    strings(n.get("dropped_columns")), Double.parseDouble(n.get("max_missing_share").asText()),
                    n.get("train_rows").asLong());
            Map<String, Long> rows = new LinkedHashMap<>();
            n.get("site_rows").properties().forEach(e -> rows.put(e.getKey(), e.getValue().asLong()));
            Map<String, String> excluded = new LinkedHashMap<>();
            n.get("excluded").properties().forEach(e -> excluded.put(e.getKey(), e.getValue().asText()));
            return new PreprocessingFit(p, strings(n.get("sites")), rows, excluded);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("the run store's fitted preprocessing is unreadable: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
