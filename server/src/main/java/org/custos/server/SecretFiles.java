package org.custos.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads secrets from where {@link SecretSource} says they are. */
final class SecretFiles {

    private SecretFiles() {}

    static char[] read(SecretSource source, Path dataDir) {
        return switch (source) {
            case SecretSource.Inline inline -> inline.value();
            case SecretSource.None none -> new char[0];
            case SecretSource.File file -> readFile(dataDir.resolve(file.path()), file.key());
        };
    }

    private static char[] readFile(Path path, String key) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new ConfigException(key, "secret file " + path + " is empty");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
