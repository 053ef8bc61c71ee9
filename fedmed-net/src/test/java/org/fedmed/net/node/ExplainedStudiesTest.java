package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmed.net.OwnerOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator that asks again for a noisy explanation, to average its noise away, gets one only. */
class ExplainedStudiesTest {

    @Test
    void aStudyIsExplainedOnceEvenAcrossARestart(@TempDir Path kit) {
        ExplainedStudies node = new ExplainedStudies(kit);
        assertFalse(node.released("3f2a1b2c3d4e5f60"));
        assertTrue(node.claim("3f2a1b2c3d4e5f60"));
        assertTrue(node.released("3f2a1b2c3d4e5f60"));
        assertTrue(new ExplainedStudies(kit).released("3f2a1b2c3d4e5f60"), "a restarted node checks before booking anything");
        assertFalse(node.claim("3f2a1b2c3d4e5f60"), "asked again in the same process");
        assertFalse(new ExplainedStudies(kit).claim("3f2a1b2c3d4e5f60"), "asked again after a restart");
        assertTrue(new ExplainedStudies(kit).claim("0123456789abcdef"), "another study is another claim");
        Path marker = kit.resolve(ExplainedStudies.PREFIX + "3f2a1b2c3d4e5f60");
        assertTrue(Files.exists(marker));
        assertFalse(OwnerOnly.othersMayRead(marker));
    }
}
