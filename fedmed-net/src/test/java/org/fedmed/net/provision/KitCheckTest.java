package org.fedmed.net.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KitCheckTest {

    @Test
    void anExpiredAForeignAndAnExpiringKitAreToldApart(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("good"), "localhost", 7443, List.of());
        Instant now = Instant.now();
        p.addSite("old", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        p.addSite("soon", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        NodeKit good = NodeKit.load(p.layout().kit("good"));
        assertEquals(Optional.empty(), KitCheck.problem(good, now));
        assertEquals(Optional.empty(), KitCheck.expiryWarning(good, now));

        String expired = KitCheck.problem(NodeKit.load(p.layout().kit("old")), now).orElseThrow();
        assertTrue(expired.contains("this node's certificate expired on"), expired);

        NodeKit soon = NodeKit.load(p.layout().kit("soon"));
        assertEquals(Optional.empty(), KitCheck.problem(soon, now));
        String warning = KitCheck.expiryWarning(soon, now).orElseThrow();
        assertTrue(warning.contains("expires on") && warning.contains("(in 9 day(s))"), warning);

        // a certificate from another CA next to this federation's ca.crt
        NodeKit foreign = Provisioner.foreignKit(dir.resolve("foreign"), "good", "localhost", 7443);
        Files.copy(p.layout().caCert(), foreign.caCertificate(), StandardCopyOption.REPLACE_EXISTING);
        String mixed = KitCheck.problem(foreign, now).orElseThrow();
        assertTrue(mixed.contains("was not issued by the kit's CA"), mixed);
    }
}
