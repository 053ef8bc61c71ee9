package org.fedmed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version FedMed prints is the one Maven builds. */
class FedMedVersionTest {

    @Test
    void theVersionConstantIsTheProjectVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>fedmed-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        if (!m.find()) {
            throw new AssertionError("no fedmed-parent version in ../pom.xml");
        }
        assertEquals(m.group(1).replace("-SNAPSHOT", ""), FedMedVersion.NUMBER);
    }
}
