package org.fedmed.study.prep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.TableSchema;

/**
 * The {@code data} section of a study: each hospital trains on its own CSV file (or FHIR or DICOM
 * folder), read under a schema every site shares, preprocessed with statistics merged across sites. An
 * image study (DICOM) adds {@code image_size}, {@code modality}, {@code view} and optionally a window.
 *
 * @param schema          the table and the sites' train/test split
 * @param minRows         least training rows a site must have before it shares aggregates (at least
 *                        {@link #MIN_ROWS_FLOOR}); a feature observed in fewer rows is not shared
 * @param maxMissingShare a column missing in more than this share of all training rows is dropped
 */
public record OwnDataStudy(OwnDataSchema schema, int minRows, double maxMissingShare) {

    /** Aggregates over fewer rows than this come too close to describing single patients. */
    public static final int MIN_ROWS_FLOOR = 10;

    private static final Set<String> KEYS = Set.of("label", "classes", "features", "min_rows", "max_missing_share",
            "image_size", "modality", "view", "window_center", "window_width");
    /** The keys that make the study an image study (each hospital a DICOM folder). */
    private static final List<String> IMAGE_KEYS = List.of("image_size", "modality", "view", "window_center", "window_width");

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
                features.names(), image(data));
        int minRows = data.get("min_rows") == null ? MIN_ROWS_FLOOR : wholeOf(data.get("min_rows"), "min_rows");
        double maxMissing = data.get("max_missing_share") == null ? TabularPreprocessor.DEFAULT_MAX_MISSING_SHARE
                : numberOf(data.get("max_missing_share"), "max_missing_share");
        return new OwnDataStudy(new OwnDataSchema(table, siteTestFraction, seed, features.ranges()), minRows, maxMissing);
    }

    /** The model input for the columns the preprocessing kept ({@link OwnDataSchema#inputShape}). */
    public int[] inputShape(int keptColumns) {
        return schema.inputShape(keptColumns);
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

    /**
     * The image input an image study declares ({@code image_size: 28} or {@code 32x28}, default 28;
     * {@code modality}, {@code view}; {@code window_center} with {@code window_width}), or null for a
     * tabular study (none of these keys).
     */
    private static ImageInput image(Map<String, Object> data) {
        if (IMAGE_KEYS.stream().noneMatch(data::containsKey)) {
            return null;
        }
        int height = ImageInput.DEFAULT.height();
        int width = ImageInput.DEFAULT.width();
        Object size = data.get("image_size");
        if (size != null) {
            String[] hw = String.valueOf(size).trim().toLowerCase(Locale.ROOT).split("x");
            try {
                height = Integer.parseInt(hw[0].trim());
                width = hw.length == 2 ? Integer.parseInt(hw[1].trim()) : height;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("study.data.image_size must be N or HxW (pixels), got '" + size + "'", e);
            }
            if (hw.length > 2) {
                throw new IllegalArgumentException("study.data.image_size must be N or HxW (pixels), got '" + size + "'");
            }
        }
        boolean window = data.containsKey("window_center") || data.containsKey("window_width");
        if (window && (data.get("window_center") == null || data.get("window_width") == null)) {
            throw new IllegalArgumentException("study.data.window_center and study.data.window_width go together");
        }
        try {
            return new ImageInput(height, width, text(data.get("modality")), text(data.get("view")),
                    window ? numberOf(data.get("window_center"), "window_center") : Double.NaN,
                    window ? numberOf(data.get("window_width"), "window_width") : Double.NaN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("study.data: " + e.getMessage(), e);
        }
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
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
