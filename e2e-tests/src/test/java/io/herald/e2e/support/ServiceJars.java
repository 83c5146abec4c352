package io.herald.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The service jars this e2e run starts, copied once per JVM from {@code <module>/target} into
 * {@code target/e2e-jars}: every process of the run (including restarts) uses the same build, even if a module
 * is rebuilt meanwhile. A jar that is missing or still being written (not a readable jar with a
 * {@code Main-Class}) is waited for, for a while, before the run gives up.
 */
final class ServiceJars {

    private static final Duration WAIT_FOR_BUILD = Duration.ofSeconds(90);
    private static final Map<String, Path> SNAPSHOTS = new HashMap<>();

    private ServiceJars() {
    }

    static synchronized Path snapshot(Path built) {
        Path existing = SNAPSHOTS.get(built.toString());
        if (existing != null) {
            return existing;
        }
        try {
            Awaitility.await(built + " readable").atMost(WAIT_FOR_BUILD).pollInterval(Duration.ofSeconds(1))
                    .until(() -> runnable(built));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("missing or unreadable " + built
                    + ": build the service jars first (./mvnw -B verify builds them)", e);
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "e2e-jars"));
            Path copy = dir.resolve(built.getFileName());
            Path tmp = dir.resolve(built.getFileName() + ".tmp");
            Files.copy(built, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!runnable(tmp)) {
                // Rewritten while we copied: take the next complete one.
                SNAPSHOTS.remove(built.toString());
                return snapshot(built);
            }
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            SNAPSHOTS.put(built.toString(), copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + built, e);
        }
    }

    private static boolean runnable(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
