package io.herald.platform.embedded;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small {@code sh} process that stops the embedded PostgreSQL when the platform's process is gone, however it went
 * (a {@code kill -9} runs no shutdown hook). It reads its standard input, a pipe whose other end only the platform
 * holds, until end of file — which comes when the platform exits — and then, if the server it was given still runs
 * in its data directory, sends it SIGINT (fast shutdown). On a normal stop the platform stops the server first, so
 * the watchdog finds nothing to do and ends.
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
    /** {@code $1} the server's pid, {@code $2} its data directory. */
    private static final String SCRIPT = "cat >/dev/null 2>&1; "
        + "if ps -p \"$1\" -o args= 2>/dev/null | grep -qF -- \"-D $2\"; then kill -INT \"$1\"; fi";
    /** The name the watchdog shows in {@code ps}. */
    static final String NAME = "herald-postgres-watchdog";

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /**
     * @param pid           the PostgreSQL server's process id
     * @param dataDirectory its data directory
     * @return the running watchdog, or {@code null} when none could be started (then a {@code kill -9} of the
     *         platform leaves the server running until the platform's next start stops it)
     */
    static PostmasterWatchdog start(long pid, Path dataDirectory) {
        try {
            Process process = new ProcessBuilder("sh", "-c", SCRIPT, NAME, String.valueOf(pid), dataDirectory.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            return new PostmasterWatchdog(process);
        } catch (IOException e) {
            LOG.warn("no watchdog for the embedded PostgreSQL ({}): if the platform is killed, the next start stops"
                + " the server it leaves", e.getMessage());
            return null;
        }
    }

    /** Ends the watchdog (after the server stopped): it finds no server and exits. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy();
        }
    }
}
