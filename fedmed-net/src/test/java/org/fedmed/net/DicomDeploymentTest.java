package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.data.read.ImageSet;
import org.fedmed.data.read.MedMnistReader;
import org.fedmed.dicom.DicomWriter;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small image study on DICOM folders: two hospitals whose chest X-rays (PneumoniaMNIST images written
 * here as Part-10 files, CR, view PA, each with a made-up patient name and ID) train one CNN through
 * {@code --data dicom:DIR --labels FILE}; lateral views and a CT among them are skipped and counted. A
 * third hospital's folder holds a truncated file: its node stops naming the file and tag, the
 * coordinator learns which file without the path, and goes on with the others. No patient name or ID
 * appears in any log.
 */
class DicomDeploymentTest {

    private static final int ROUNDS = 2;
    private static final int PER_CLASS = 30;

    @Test
    void twoNodesTrainACnnOnTheirDicomFolders(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        ImageSet images = MedMnistReader.read(Path.of("..", "datasets", "medmnist", "pneumoniamnist.npz"),
                MedMnistReader.PNEUMONIA_CLASSES).train();
        List<String> secrets = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        List<Path> labels = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Path folder = Files.createDirectories(dir.resolve("dicom-" + (s + 1)));
            labels.add(writeSite(folder, images, s, secrets));
            folders.add(folder);
        }
        byte[] whole = Files.readAllBytes(folders.get(2).resolve("img-0007.dcm"));
        Files.write(folders.get(2).resolve("img-0007.dcm"), Arrays.copyOf(whole, whole.length - 100));
        Path config = NetFixtures.studyConfig(dir, port, ROUNDS, """
                strategy: fedavg
                model: cnn
                lr: 0.001
                local_epochs: 2
                batch_size: 16
                seed: 7
                data:
                  label: finding
                  classes: [normal, pneumonia]
                  image_size: 28
                  modality: CR
                  view: PA
                """);
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(new Coordinator(CoordinatorConfig.load(config),
                null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8)));
        List<NodeMain.Options> options = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            options.add(NodeMain.Options.ownData(p.layout().kit("site-" + (i + 1)), Path.of("dicom:" + folders.get(i)),
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60)).withLabels(labels.get(i)));
        }
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes = NetFixtures.startOwnDataNodes(options, logs);
        Coordinator.Outcome outcome = run.get(240, TimeUnit.SECONDS);
        String all = coordinatorLog.toString(StandardCharsets.UTF_8) + logs.get(0) + logs.get(1) + logs.get(2);
        assertEquals(1, nodes.get(2).get(30, TimeUnit.SECONDS), all);
        String reason = outcome.preprocessing().excluded().get("site-3");
        assertTrue(reason.contains("img-0007.dcm, (7FE0,0010): the file ends inside this element (truncated)"), reason);
        assertFalse(reason.contains(dir.toString()), "no local path leaves the site: " + reason);
        for (int i = 0; i < 2; i++) {
            assertEquals(0, nodes.get(i).get(30, TimeUnit.SECONDS), all);
            String log = logs.get(i).toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("dicom:dicom-" + (i + 1) + ": " + 2 * PER_CLASS + " images decoded {Explicit VR Little Endian="
                    + 2 * PER_CLASS + "}; 4 skipped {modality CT where the study expects CR=1, view position LL where the study"
                    + " expects PA=3}"), log);
        }
        assertEquals(784, outcome.preprocessing().preprocessing().inputNames().size());
        assertArrayEquals(new int[] {1, 28, 28}, outcome.model().inputShape());
        assertNull(outcome.data(), "the coordinator holds no data");
        assertEquals(ROUNDS, outcome.federation().rounds().size());
        EvaluationResult last = PooledEvaluation.of(outcome.federation().lastRound().siteEvaluations());
        assertNotNull(last, all);
        assertEquals(2 * 2 * PER_CLASS / 5, last.samples(), "a fifth of each site's images held out for its test set");
        assertTrue(last.metrics().accuracy() >= 0.7, "pooled accuracy " + last.metrics().accuracy() + "\n" + all);
        for (String secret : secrets) {
            assertFalse(all.contains(secret) || reason.contains(secret), "patient data '" + secret + "' in a log:\n" + all);
        }
        System.out.printf(Locale.ROOT, "DICOM federation: pooled accuracy %.4f over %d test images%n", last.metrics().accuracy(),
                last.samples());
    }

    /**
     * Site {@code s}: {@link #PER_CLASS} images of each class as CR PA files, 3 lateral (LL) views and one
     * CT that the study skips; returns its labels file.
     */
    private static Path writeSite(Path folder, ImageSet images, int s, List<String> secrets) throws IOException {
        StringBuilder labels = new StringBuilder("file,finding\n");
        int[] taken = new int[2];
        int px = images.pixelsPerImage();
        int n = 0;
        for (int r = s * 400; n < 2 * PER_CLASS + 4; r++) {
            int y = images.labels()[r];
            boolean extra = n >= 2 * PER_CLASS;
            if (!extra && taken[y] == PER_CLASS) {
                continue;
            }
            taken[y]++;
            String name = String.format(Locale.ROOT, "img-%04d.dcm", n);
            String patient = String.format(Locale.ROOT, "Testpatient^Site%dNo%d", s + 1, n);
            String id = String.format(Locale.ROOT, "PID%d%04dX", s + 1, n);
            secrets.add(patient);
            secrets.add(id);
            byte[] pixels = Arrays.copyOfRange(images.pixels(), r * px, (r + 1) * px);
            String modality = extra && n == 2 * PER_CLASS ? "CT" : "CR";
            String view = extra && n > 2 * PER_CLASS ? "LL" : "PA";
            DicomWriter.write(folder.resolve(name), new DicomWriter.Image(28, 28, pixels, modality, view, patient, id), s * 1000L + n);
            labels.append(name).append(',').append(images.classNames().get(y)).append('\n');
            n++;
        }
        return Files.writeString(folder.resolveSibling(folder.getFileName() + "-labels.csv"), labels);
    }
}
