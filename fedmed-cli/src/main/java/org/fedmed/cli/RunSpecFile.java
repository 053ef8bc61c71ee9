package org.fedmed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;

/**
 * Reads a run spec (YAML or JSON) through the study-key table ({@link StudyKeys}: the same keys as
 * federation.yaml's study section; '-' or '_'). Unknown keys and wrongly typed values are errors
 * that name the file and the key: a typo must not silently fall back to a default in a study.
 */
final class RunSpecFile {

    private RunSpecFile() {
    }

    static StudySpecBuilder read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("run spec " + file + " does not exist or is not a file");
        }
        Object root;
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = mapper.readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse run spec " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> settings)) {
            throw new IllegalArgumentException("run spec " + file + " must be a mapping of settings");
        }
        StudySpecBuilder b = new StudySpecBuilder();
        KeySource source = KeySource.runSpec(file);
        settings.forEach((k, v) -> StudyKeys.apply(b, String.valueOf(k), v, source));
        return b;
    }
}
