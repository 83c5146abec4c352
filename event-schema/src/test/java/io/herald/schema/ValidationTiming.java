package io.herald.schema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rough, JMH-free measurement of {@link EventContract#validate(String, byte[])} on the hot path. Not a test
 * (no assertion on time); run it by hand:
 * {@code java -cp target/classes:target/test-classes:<deps> io.herald.schema.ValidationTiming [fixturesDir]}.
 */
public final class ValidationTiming {

    private ValidationTiming() {
    }

    /**
     * Times 100,000 validations per sample event after a warm-up.
     *
     * @param args optional fixtures directory (default {@code src/test/resources/fixtures})
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures");
        EventContract contract = EventContract.load();
        String[][] samples = {
            {"exports:0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b", "exportcomments--job.progress.json"},
            {"job:job_xyz789", "calcbridge--job.completed.json"},
            {"order_changes@acme", "commerce--order-updated.json"},
        };
        int n = 100_000;
        for (String[] s : samples) {
            byte[] body = Files.readAllBytes(dir.resolve(s[1]));
            for (int i = 0; i < 50_000; i++) {
                contract.validate(s[0], body);
            }
            long t0 = System.nanoTime();
            int valid = 0;
            for (int i = 0; i < n; i++) {
                valid += contract.validate(s[0], body).valid() ? 1 : 0;
            }
            long ns = System.nanoTime() - t0;
            System.out.printf("%-40s %4d bytes  %,8.0f validations/s  %5.1f µs each  (valid %d)%n",
                s[1], body.length, n * 1e9 / ns, ns / 1e3 / n, valid);
        }
        byte[] bad = "{\"version\":\"v3-beta\",\"event\":\"job.progress\",\"guid\":1}".getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            contract.validate("exports:u1", bad);
        }
        System.out.printf("%-40s %4d bytes  %,8.0f validations/s%n", "invalid job.progress", bad.length, n * 1e9 / (System.nanoTime() - t0));
    }
}
