package org.custos.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret comes from. The value itself is read only when the server starts the part that needs it,
 * and no variant's {@code toString()} reveals it.
 */
public sealed interface SecretSource {

    /**
     * The secret's characters (the caller clears them after use). Relative file paths are under
     * {@code dataDir}; {@link None} reads as no characters.
     *
     * @throws ConfigException when a required secret file is missing or unreadable
     */
    default char[] read(Path dataDir) {
        return SecretFiles.read(this, dataDir);
    }

    /** Given inline (an environment variable or the config file). */
    record Inline(char[] value) implements SecretSource {
        public Inline {
            Objects.requireNonNull(value, "value");
            value = value.clone();
        }

        @Override
        public char[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Inline that && java.util.Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Inline[***]";
        }
    }

    /** Read from a file that must exist (a mounted secret); {@code key} names the setting in errors. */
    record File(Path path, String key) implements SecretSource {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Not configured: an external database that trusts the connection, or, for the master secret, the
     * development default the vault keeps beside its keyset (whoever copies that directory holds every key).
     */
    record None() implements SecretSource {
        @Override
        public String toString() {
            return "None";
        }
    }
}
