package org.fedmed.study.keys;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;

/**
 * One study setting, described once for every way of giving it (command-line option, run-spec
 * file, federation.yaml's study section) and for the run store's fingerprint and the docs.
 *
 * @param name          canonical name, snake_case; the option is {@code --} + name with '-' for '_'
 * @param type          what its value is
 * @param defaultValue  the default as the docs show it
 * @param doc           one line of documentation
 * @param aliases       older spellings still accepted (documented next to the name)
 * @param example       a valid value differing from the default (tests and docs)
 * @param definesStudy  whether a change makes another study (part of the run store's fingerprint)
 * @param check         refuses a value that is well typed but wrong (throws with the reason)
 * @param set           stores the typed value in the builder
 * @param read          the effective value in a built spec (null when the setting does not apply)
 */
public record StudyKey(String name, KeyType type, String defaultValue, String doc, List<String> aliases, Object example,
                       boolean definesStudy, Consumer<Object> check, Setter set, Function<StudySpec, Object> read) {

    /** Stores a converted value in the builder; {@code source} resolves relative paths. */
    @FunctionalInterface
    public interface Setter {
        void set(StudySpecBuilder builder, Object value, KeySource source);
    }

    public StudyKey {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
    }

    /** The command-line option of a key name. */
    public static String optionName(String key) {
        // the strategy parameters are given one at a time: --param mu=0.01 --param ...
        return key.equals("params") ? "--param" : "--" + key.replace('_', '-');
    }

    public String option() {
        return optionName(name);
    }

    /** Converts and checks {@code raw} and stores it; a problem names the key as {@code source} spells it. */
    public void apply(StudySpecBuilder b, Object raw, KeySource source, String spelledAs) {
        try {
            Object v = type.convert(raw);
            check.accept(v);
            set.set(b, v, source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.where(spelledAs) + " " + e.getMessage(), e);
        }
        b.origins.put(name, source.where(spelledAs));
    }
}
