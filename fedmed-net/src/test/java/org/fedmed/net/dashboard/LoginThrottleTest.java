package org.fedmed.net.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ten wrong tokens within a minute block that address for a minute, said once; other addresses are not affected. */
class LoginThrottleTest {

    @Test
    void tenWrongTokensInAMinuteBlockTheAddressForAMinute() {
        LoginThrottle t = new LoginThrottle();
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 0; i < LoginThrottle.LIMIT - 1; i++) {
            assertTrue(t.allows("10.0.0.1", start.plusSeconds(i)));
            assertFalse(t.failed("10.0.0.1", start.plusSeconds(i)), "attempt " + (i + 1) + " does not block");
        }
        assertTrue(t.failed("10.0.0.1", start.plusSeconds(9)), "the tenth blocks, and says so once");
        assertFalse(t.allows("10.0.0.1", start.plusSeconds(30)));
        assertTrue(t.allows("10.0.0.2", start.plusSeconds(30)), "another address may still log in");
        assertTrue(t.allows("10.0.0.1", start.plusSeconds(70)), "a minute later the address may try again");

        // spread out, failures do not add up: at most 9 within any minute
        LoginThrottle slow = new LoginThrottle();
        for (int i = 0; i < 30; i++) {
            assertFalse(slow.failed("10.0.0.3", start.plusSeconds(7L * i)), "attempt " + i);
        }
    }
}
