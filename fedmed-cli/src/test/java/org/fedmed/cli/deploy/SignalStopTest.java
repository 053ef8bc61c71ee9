package org.fedmed.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedmed.cli.FedMed;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (systemctl stop): the coordinator says where the study stands instead of vanishing. */
class SignalStopTest {

    @Test
    void aTerminatedCoordinatorSaysTheRunStoreHoldsItsRounds(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("a", "b"), "localhost", 0, List.of());
        Path config = p.layout().coordinatorConfig();
        Files.writeString(config, Files.readString(config).replaceAll("listen: .*", "listen: 127.0.0.1:0"));
        Path log = dir.resolve("coordinator.log");
        Process c = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), FedMed.class.getName(), "coordinator", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !Files.readString(log).contains("waiting for them to connect")) {
                assertTrue(c.isAlive(), Files.readString(log));
                Thread.sleep(100);
            }
            c.destroy(); // SIGTERM
            assertTrue(c.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
            String out = Files.readString(log);
            assertTrue(out.contains("coordinator stopping on a signal: 0 round(s) completed by this process are in the run store"), out);
            assertTrue(!out.contains("\tat "), out);
        } finally {
            c.destroyForcibly();
        }
    }
}
