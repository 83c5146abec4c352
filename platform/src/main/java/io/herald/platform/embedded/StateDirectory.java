package io.herald.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The platform's state directory ({@code var/} by default): generated keys, the embedded database's data and logs.
 *
 * <p>A key is read from its file, or generated and written there (owner-only permissions) on first start, so the
 * same keys hold across restarts; an operator who sets the environment variable never gets a file.
 */
public final class StateDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    /**
     * @param root the directory (created if missing)
     */
    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + this.root, e);
        }
    }

    /** @return the directory */
    public Path root() {
        return root;
    }

    /**
     * @param name a file name inside the directory
     * @return its path
     */
    public Path resolve(String name) {
        return root.resolve(name);
    }

    /**
     * An API key: {@code bytes} random bytes, base64url without padding, kept in {@code file}.
     *
     * @param file  file name
     * @param bytes random bytes when generating
     * @return the key
     */
    public String apiKey(String file, int bytes) {
        return readOrCreate(file, () -> Base64.getUrlEncoder().withoutPadding().encodeToString(random(bytes)));
    }

    /**
     * A secret: 32 random bytes, standard base64 (the format {@code HERALD_WEBHOOK_SECRET_KEY} expects).
     *
     * @param file file name
     * @return the secret
     */
    public String secret(String file) {
        return readOrCreate(file, () -> Base64.getEncoder().encodeToString(random(32)));
    }

    /**
     * @param file file name
     * @return the file's trimmed content, when it exists
     */
    public Optional<String> read(String file) {
        Path path = resolve(file);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Writes {@code value} to {@code file}, readable by the owner only.
     *
     * @param file  file name
     * @param value content
     */
    public void write(String file, String value) {
        Path path = resolve(file);
        try {
            Path tmp = Files.createTempFile(root, file, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private String readOrCreate(String file, java.util.function.Supplier<String> generator) {
        return read(file).orElseGet(() -> {
            String value = generator.get();
            write(file, value);
            return value;
        });
    }

    private static byte[] random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return buffer;
    }
}
