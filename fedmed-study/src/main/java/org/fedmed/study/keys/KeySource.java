package org.fedmed.study.keys;

import java.nio.file.Path;

/**
 * Where study keys come from, so that every message about a key names it as the user wrote it: a
 * command-line option ({@code --lr}), a run-spec file's key ({@code lr}) or a key of
 * federation.yaml's study section ({@code study.lr}).
 *
 * @param label     the file, or null for the command line
 * @param keyPrefix prepended to a key in messages ({@code "study."} in federation.yaml)
 * @param base      relative paths resolve against this (a file's folder; null: the working directory)
 */
public record KeySource(String label, String keyPrefix, Path base) {

    public static KeySource commandLine() {
        return new KeySource(null, "", null);
    }

    public static KeySource runSpec(Path file) {
        return new KeySource("run spec " + file, "", file.toAbsolutePath().getParent());
    }

    /** federation.yaml's study section; {@code label} names the file, {@code base} is its folder. */
    public static KeySource federation(String label, Path base) {
        return new KeySource(label, "study.", base);
    }

    /** How the key is named here: {@code option --dp-clip} or {@code run spec FILE: dp_clip}. */
    public String where(String key) {
        return label == null ? "option " + StudyKey.optionName(key) : label + ": " + keyPrefix + key;
    }

    public boolean commandLineSource() {
        return label == null;
    }

    public Path resolve(String path) {
        return base == null ? Path.of(path) : base.resolve(path);
    }
}
