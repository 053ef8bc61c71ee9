package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditInversionCommandTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        return CliRun.of(args).asArray();
    }

    @Test
    void writesTheTableJsonAndPictures() throws Exception {
        Path out = tmp.resolve("inv");
        String[] r = run("audit", "inversion", "--images", "1", "--steps", "20", "--sum-of", "2", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        for (String row : new String[] {"clear", "dp-sgd", "secagg-sum", "noise", "other-image"}) {
            assertTrue(r[1].lines().anyMatch(l -> l.startsWith(row + " ")), row + " row missing:\n" + r[1]);
        }
        JsonNode j = new ObjectMapper().readTree(Files.readString(out.resolve("inversion.json")));
        assertEquals("pneumoniamnist", j.get("dataset").asText());
        assertEquals(3, j.get("reconstructions").size());
        assertEquals(5, j.get("summaries").size());
        String png = j.get("reconstructions").get(0).get("png").asText();
        BufferedImage img = ImageIO.read(out.resolve(png).toFile());
        assertEquals(2 * 28 * SideBySide.SCALE + SideBySide.GAP, img.getWidth());
        assertEquals(28 * SideBySide.SCALE, img.getHeight());
    }

    @Test
    void badInputIsOneLineNamingTheOption() {
        String[][] cases = {
            {"--dataset", "nosuch", "--dataset"},
            {"--dataset", "wdbc", "--dataset wdbc has no images"},
            {"--images", "0", "--images must be positive"},
        };
        for (String[] c : cases) {
            String[] r = run("audit", "inversion", c[0], c[1], "--out", tmp.resolve("x").toString());
            assertEquals("1", r[0], String.join(" ", c));
            assertTrue(r[2].startsWith("fedmed: error: ") && r[2].contains(c[2]), r[2]);
            assertEquals(1, r[2].strip().lines().count(), "one line, no stack trace: " + r[2]);
            assertFalse(Files.exists(tmp.resolve("x")));
        }
    }
}
