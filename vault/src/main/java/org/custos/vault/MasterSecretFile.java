package org.custos.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The development fallback for the local key service: a random master secret stored beside the keyset. Created
 * once with owner-only permissions through {@link AtomicFiles}; never rotated here (rotate the KEK instead).
 */
final class MasterSecretFile {
    static final String NAME = "master.secret";
    private static final int LENGTH = 32;

    private MasterSecretFile() {
    }

    static Secret readOrCreate(Path keyDirectory) {
        Path file = keyDirectory.resolve(NAME);
        try {
            if (Files.exists(file)) {
                return Secret.fromFile(file);
            }
            Files.createDirectories(keyDirectory);
            byte[] secret = new byte[LENGTH];
            new SecureRandom().nextBytes(secret);
            String text = "base64:" + java.util.Base64.getEncoder().encodeToString(secret) + "\n";
            AtomicFiles.writeOwnerOnly(file, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
            return Secret.of(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master secret in " + keyDirectory, e);
        }
    }
}
