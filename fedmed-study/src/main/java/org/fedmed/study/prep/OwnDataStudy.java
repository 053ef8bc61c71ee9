package org.fedmed.study.prep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.TableSchema;

/**
 * The {@code data} section of a study: each hospital trains on its own CSV file, read under a
 * schema every site shares, preprocessed with statistics merged across sites.
 *
 * @param schema          the table and the sites' train/test split
 * @param minRows         least training rows a site must have before it shares aggregates (at least
 *                        {@link #MIN_ROWS_FLOOR}); a feature observed in fewer rows is not shared
 * @param maxMissingShare a column missing in more than this share of all training rows is dropped
 */
public record OwnDataStudy(OwnDataSchema schema, int minRows, double maxMissingShare) {

    /** Aggregates over fewer rows than this come too close to describing single patients. */
    public static final int MIN_ROWS_FLOOR = 10;

    private static final Set<String> KEYS = Set.of("label", "classes", "features", "min_rows", "max_missing_share");

    public OwnDataStudy {
        Objects.requireNonNull(schema, "schema");
        if (minRows < MIN_ROWS_FLOOR) {
            throw new IllegalArgumentException("study.data.min_rows must be at least " + MIN_ROWS_FLOOR
                    + " (aggregates of fewer records come too close to single patients), got " + minRows);
        }
        if (!(maxMissingShare >= 0 && maxMissingShare <= 1)) {
            throw new IllegalArgumentException("study.data.max_missing_share must be in [0, 1], got " + maxMissingShare);
        }
    }

    /**
     * The study's {@code data} section ({@code label}, {@code classes}, {@code features},
     * {@code min_rows}, {@code max_missing_share}), split with the study's site test fraction and seed.
     */
    @SuppressWarnings("unchecked")
    public static OwnDataStudy fromSection(Map<String, Object> data, double siteTestFraction, long seed) {
        for (String k : data.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key 'study.data." + k + "'; known: " + KEYS);
            }
        }
        if (data.get("label") == null || !(data.get("classes") instanceof List<?>)) {
            throw new IllegalArgumentException("study.data needs 'label: COLUMN' and 'classes: [VALUE, VALUE, ...]' (the label"
                    + " column's values, negative class first)");
        }
        Object f = data.get("features");
        if (f != null && !(f instanceof List<?>)) {
            throw new IllegalArgumentException("study.data.features must be a list of column names");
        }
        // node privacy: an entry may declare the column's range ({name, min, max}); a budgeted node needs them
        FeatureDeclarations features = FeatureDeclarations.parse(f == null ? List.of() : (List<?>) f);
        TableSchema table = new TableSchema(String.valueOf(data.get("label")), strings((List<Object>) data.get("classes")),
                features.names());
        int minRows = data.get("min_rows") == null ? MIN_ROWS_FLOOR : wholeOf(data.get("min_rows"), "min_rows");
        double maxMissing = data.get("max_missing_share") == null ? TabularPreprocessor.DEFAULT_MAX_MISSING_SHARE
                : numberOf(data.get("max_missing_share"), "max_missing_share");
        return new OwnDataStudy(new OwnDataSchema(table, siteTestFraction, seed, features.ranges()), minRows, maxMissing);
    }

    /**
     * Identifies the section in a run store's fingerprint: a store is never resumed with another schema,
     * since its preprocessing was fitted on these columns. Hashed, so many columns still fit the store.
     */
    public String fingerprint() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return "label " + schema.table().label() + ", " + schema.table().features().size() + " declared features, sha256 "
                    + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    private static int wholeOf(Object v, String key) {
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("study.data." + key + " must be a whole number, got '" + v + "'", e);
        }
    }

    private static double numberOf(Object v, String key) {
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("study.data." + key + " must be a number, got '" + v + "'", e);
        }
    }
}
