package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.e2e.support.Platform;
import org.junit.jupiter.api.Test;

/** The three services start from their jars as separate processes and report healthy. */
class PlatformStartsIT {

    @Test
    void everyServiceIsHealthy() {
        Platform p = Platform.shared();
        assertTrue(p.auth().healthy(), p::logTails);
        assertTrue(p.realtime().healthy(), p::logTails);
        assertTrue(p.webhook().healthy(), p::logTails);
    }
}
