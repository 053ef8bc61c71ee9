package org.fedmed.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.fedmed.cli.FedMed;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLogTest {

    @Test
    void theFileRotatesBySizeKeepingFiveAndWritesOneLinePerRecord(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs").resolve("node.log");
        ServiceLog.RotatingFile log = new ServiceLog.RotatingFile(file, false, false);
        String big = "x".repeat(1024 * 1024);
        for (int i = 0; i < 60; i++) {
            LogRecord r = new LogRecord(Level.WARNING, "record " + i + " " + big);
            r.setLoggerName("fedmed");
            r.setThrown(new IllegalStateException("boom"));
            log.publish(r);
        }
        log.close();
        assertTrue(Files.size(file) <= ServiceLog.MAX_BYTES);
        for (int i = 1; i < ServiceLog.FILES; i++) {
            assertTrue(Files.exists(dir.resolve("logs").resolve("node.log." + i)), "rotated file " + i);
        }
        assertTrue(!Files.exists(dir.resolve("logs").resolve("node.log." + ServiceLog.FILES)), "only " + ServiceLog.FILES + " files kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String last = Files.readAllLines(file).get(Files.readAllLines(file).size() - 1);
        assertTrue(last.contains("record 59") && last.endsWith("(java.lang.IllegalStateException: boom)"), last.substring(0, 80));
    }

    @Test
    void aCommandsLinesGoToAJsonLogFile(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("a"), "localhost", 0, List.of());
        Path file = dir.resolve("coordinator.log");
        int code = FedMed.execute(new PrintWriter(new StringWriter(), true), "coordinator", "--config",
                p.layout().coordinatorConfig().toString(), "--check", "--log-file", file.toString(), "--log-format", "json");
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.size() >= 5, lines.toString());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("INFO", first.get("level").asText());
        assertTrue(first.get("message").asText().startsWith("ok    configuration: federation test"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("all checks passed")), lines.toString());

        StringWriter err = new StringWriter();
        assertEquals(1, FedMed.execute(new PrintWriter(err, true), "coordinator", "--config", p.layout().coordinatorConfig().toString(),
                "--check", "--log-level", "loud"));
        assertTrue(err.toString().contains("--log-level is error, warn, info or debug, got 'loud'"), err.toString());
    }
}
