package org.fedmed.core;

/**
 * FedMed's release, as `fedmed --version`, model cards and ONNX files name it. Kept equal to the Maven
 * project version by {@code FedMedVersionTest}.
 */
public final class FedMedVersion {

    /** The release number, e.g. {@code 0.1.0} (the project version without {@code -SNAPSHOT}). */
    public static final String NUMBER = "0.1.0";

    private FedMedVersion() {
    }
}
