package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data dicom:DIR --labels FILE} on a node's command line: wrong combinations stop it before it connects. */
class DicomNodeOptionsTest {

    private static final Path DICOM = Path.of("..", "datasets", "dicom");
    private static final Path LABELS = Path.of("..", "datasets", "dicom-labels.csv");

    @Test
    void labelsGoWithADicomFolderOnly(@TempDir Path dir) {
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), NetFixtures.freePort(), "site-1");
        String kit = p.layout().kit("site-1").toString();
        NodeMain.Options o = NodeMain.options(new String[] {"--kit", kit, "--data", "dicom:" + DICOM, "--labels", LABELS.toString()});
        assertEquals(LABELS, o.labels());
        assertEquals("--data dicom:DIR needs --labels FILE (a CSV file: file,LABEL per image)", refusal(new String[] {"--kit", kit,
                "--data", "dicom:" + DICOM}));
        assertEquals("--labels is for DICOM data (--data dicom:DIR)", refusal(new String[] {"--kit", kit, "--data", "f.csv",
                "--labels", LABELS.toString()}));
        assertEquals("--mapping is for FHIR data (--data fhir:DIR); a DICOM folder takes --labels FILE", refusal(new String[] {
            "--kit", kit, "--data", "dicom:" + DICOM, "--labels", LABELS.toString(), "--mapping", "m.yaml"}));
        assertEquals("DICOM folder " + dir.resolve("none").toAbsolutePath() + " does not exist or is not a folder",
                refusal(new String[] {"--kit", kit, "--data", "dicom:" + dir.resolve("none"), "--labels", LABELS.toString()}));
        assertEquals("labels file " + dir.resolve("none.csv").toAbsolutePath() + " does not exist or is not readable",
                refusal(new String[] {"--kit", kit, "--data", "dicom:" + DICOM, "--labels", dir.resolve("none.csv").toString()}));
    }

    private static String refusal(String[] args) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return assertThrows(IllegalArgumentException.class, () -> NodeMain.run(NodeMain.options(args), out)).getMessage();
    }
}
