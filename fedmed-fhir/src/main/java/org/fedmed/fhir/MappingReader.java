package org.fedmed.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fedmed.data.read.DataFormatException;

/**
 * Reads a mapping file (YAML). Every refusal names the file and the key at fault: an unknown key, an
 * unknown code system, a unit outside {@link Units}, a reducer or policy that does not exist.
 */
final class MappingReader {

    private static final Set<String> TOP = Set.of("reference_date", "missing", "features", "label");
    private static final Set<String> FEATURE = Set.of("name", "patient", "value", "observation", "condition", "unit", "reduce",
            "window_days", "molar_mass", "when");
    private static final Set<String> LABEL = Set.of("name", "condition", "when", "classes");
    private static final Set<String> CODE = Set.of("system", "code", "codes");

    private final Path file;

    private MappingReader(Path file) {
        this.file = file;
    }

    static FhirMapping read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DataFormatException(file.toString(), 0, null, "the mapping file does not exist or is not readable", null);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DataFormatException(file.toString(), line, null, "not valid YAML", null);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        return new MappingReader(file).mapping(root);
    }

    private FhirMapping mapping(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw fail(null, "expected a YAML mapping with keys " + TOP);
        }
        keys(root, TOP, "");
        LocalDate reference = date(required(root, "reference_date", ""), "reference_date");
        MissingPolicy missing = MissingPolicy.KEEP;
        if (root.has("missing")) {
            missing = MissingPolicy.named(root.get("missing").asText());
            if (missing == null) {
                throw fail("missing", "unknown missing-value policy '" + root.get("missing").asText() + "'; known: "
                        + MissingPolicy.keys());
            }
        }
        JsonNode fs = required(root, "features", "");
        if (!fs.isArray() || fs.isEmpty()) {
            throw fail("features", "expected a list of at least one feature");
        }
        List<FeatureRule> features = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fs.size(); i++) {
            FeatureRule f = feature(fs.get(i), "features[" + i + "]");
            if (!names.add(f.name())) {
                throw fail("features[" + i + "].name", "feature '" + f.name() + "' is declared twice");
            }
            features.add(f);
        }
        LabelRule label = label(required(root, "label", ""));
        if (names.contains(label.name())) {
            throw fail("label.name", "'" + label.name() + "' is also a feature");
        }
        return new FhirMapping(file, reference, features, label, missing);
    }

    private FeatureRule feature(JsonNode n, String at) {
        if (!n.isObject()) {
            throw fail(at, "expected a mapping with name and one of patient, observation, condition");
        }
        keys(n, FEATURE, at + ".");
        String name = text(required(n, "name", at + "."), at + ".name");
        int sources = (n.has("patient") ? 1 : 0) + (n.has("observation") ? 1 : 0) + (n.has("condition") ? 1 : 0);
        if (sources != 1) {
            throw fail(at, "feature '" + name + "' needs exactly one of patient, observation, condition");
        }
        if (n.has("patient")) {
            String what = n.get("patient").asText();
            if (what.equals("age")) {
                return new FeatureRule(name, FeatureRule.Kind.AGE, null, null, Double.NaN, null, 0, null, null);
            }
            if (what.equals("sex")) {
                String value = n.has("value") ? n.get("value").asText() : "female";
                if (!value.equals("female") && !value.equals("male")) {
                    throw fail(at + ".value", "expected female or male (the Patient.gender written as 1), got '" + value + "'");
                }
                return new FeatureRule(name, FeatureRule.Kind.SEX, null, null, Double.NaN, null, 0, value, null);
            }
            throw fail(at + ".patient", "unknown Patient column '" + what + "'; known: age, sex");
        }
        if (n.has("condition")) {
            return new FeatureRule(name, FeatureRule.Kind.CONDITION, code(n.get("condition"), at + ".condition"), null, Double.NaN,
                    null, 0, null, when(n, at));
        }
        CodeRef code = code(n.get("observation"), at + ".observation");
        Reducer reducer = Reducer.LATEST;
        if (n.has("reduce")) {
            reducer = Reducer.named(n.get("reduce").asText());
            if (reducer == null) {
                throw fail(at + ".reduce", "unknown reducer '" + n.get("reduce").asText() + "'; known: " + Reducer.names());
            }
        }
        String unit = null;
        if (reducer != Reducer.COUNT) {
            unit = text(required(n, "unit", at + "."), at + ".unit");
            if (!Units.known(unit)) {
                throw fail(at + ".unit", "unknown unit '" + unit + "'; known (UCUM codes): " + Units.knownUnits());
            }
        }
        double molarMass = Double.NaN;
        if (n.has("molar_mass")) {
            molarMass = n.get("molar_mass").asDouble(Double.NaN);
            if (!(molarMass > 0)) {
                throw fail(at + ".molar_mass", "expected a positive number of g/mol");
            }
        }
        int window = 0;
        if (n.has("window_days")) {
            JsonNode w = n.get("window_days");
            if (!w.canConvertToInt() || !w.isIntegralNumber() || w.asInt() < 1) {
                throw fail(at + ".window_days", "expected a whole number of days, at least 1");
            }
            window = w.asInt();
        }
        return new FeatureRule(name, FeatureRule.Kind.OBSERVATION, code, unit, molarMass, reducer, window, null, null);
    }

    private LabelRule label(JsonNode n) {
        if (!n.isObject()) {
            throw fail("label", "expected a mapping with name, condition and classes");
        }
        keys(n, LABEL, "label.");
        String name = text(required(n, "name", "label."), "label.name");
        CodeRef code = code(required(n, "condition", "label."), "label.condition");
        JsonNode cs = required(n, "classes", "label.");
        if (!cs.isArray() || cs.size() != 2) {
            throw fail("label.classes", "expected two class names: [without the condition, with it]");
        }
        List<String> classes = List.of(cs.get(0).asText(), cs.get(1).asText());
        if (classes.get(0).isBlank() || classes.get(0).equals(classes.get(1))) {
            throw fail("label.classes", "expected two different, non-empty class names");
        }
        return new LabelRule(name, code, when(n, "label"), classes);
    }

    private FeatureRule.ConditionWhen when(JsonNode n, String at) {
        if (!n.has("when")) {
            return FeatureRule.ConditionWhen.EVER;
        }
        String w = n.get("when").asText();
        for (FeatureRule.ConditionWhen c : FeatureRule.ConditionWhen.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(w)) {
                return c;
            }
        }
        throw fail(at + ".when", "expected ever or active, got '" + w + "'");
    }

    private CodeRef code(JsonNode n, String at) {
        if (!n.isObject()) {
            throw fail(at, "expected system and code (or codes)");
        }
        keys(n, CODE, at + ".");
        String system = text(required(n, "system", at + "."), at + ".system");
        if (!CodeRef.KNOWN_SYSTEMS.contains(system)) {
            throw fail(at + ".system", "unknown code system '" + system + "'; known: " + CodeRef.KNOWN_SYSTEMS.stream().sorted()
                    .toList());
        }
        List<String> codes = new ArrayList<>();
        if (n.has("code") == n.has("codes")) {
            throw fail(at, "give exactly one of code and codes");
        }
        if (n.has("code")) {
            codes.add(text(n.get("code"), at + ".code"));
        } else {
            JsonNode cs = n.get("codes");
            if (!cs.isArray() || cs.isEmpty()) {
                throw fail(at + ".codes", "expected a list of at least one code");
            }
            for (int i = 0; i < cs.size(); i++) {
                codes.add(text(cs.get(i), at + ".codes[" + i + "]"));
            }
        }
        return new CodeRef(system, codes);
    }

    private void keys(JsonNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw fail(prefix + k, "unknown key; known: " + known.stream().sorted().toList());
            }
        }
    }

    private JsonNode required(JsonNode n, String key, String prefix) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw fail(prefix + key, "missing");
        }
        return v;
    }

    private String text(JsonNode n, String at) {
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw fail(at, "expected a non-empty value");
        }
        return n.asText().trim();
    }

    private LocalDate date(JsonNode n, String at) {
        try {
            return LocalDate.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw fail(at, "expected a date written YYYY-MM-DD, got '" + n.asText() + "'");
        }
    }

    private DataFormatException fail(String key, String problem) {
        return new DataFormatException(file.toString(), 0, key, problem);
    }
}
