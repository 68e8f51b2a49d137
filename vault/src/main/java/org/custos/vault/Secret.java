package org.custos.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Secret bytes: a master secret or a token PIN. The value is copied in and out, never shown: {@link #toString()}
 * prints only {@code Secret[redacted]}, so a secret that reaches a log line or an exception message reveals nothing.
 * Equality is constant-time on the content.
 */
public final class Secret {
    private final byte[] value;

    private Secret(byte[] value) {
        if (value.length == 0) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        this.value = value.clone();
    }

    /** A secret holding a copy of {@code bytes}. */
    public static Secret of(byte[] bytes) {
        return new Secret(bytes);
    }

    /** A secret holding the UTF-8 encoding of {@code chars} (a PIN or passphrase). */
    public static Secret of(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return new Secret(bytes);
    }

    /**
     * Reads a secret from the environment variable {@code name} (its UTF-8 bytes, or raw bytes when the value
     * starts with {@code base64:}) or, when that is unset, from the file named by {@code name + "_FILE"}
     * (whole content, trailing newline trimmed). Empty when neither is set.
     */
    public static Optional<Secret> fromEnvOrFile(String name) {
        String direct = System.getenv(name);
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(decode(direct.getBytes(StandardCharsets.UTF_8)));
        }
        String file = System.getenv(name + "_FILE");
        if (file != null && !file.isEmpty()) {
            return Optional.of(fromFile(Path.of(file)));
        }
        return Optional.empty();
    }

    /** Reads a secret file: raw bytes, or {@code base64:...} text; a trailing newline is not part of the secret. */
    public static Secret fromFile(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    private static Secret decode(byte[] raw) {
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
            end--;
        }
        byte[] trimmed = Arrays.copyOf(raw, end);
        Arrays.fill(raw, (byte) 0);
        byte[] prefix = "base64:".getBytes(StandardCharsets.US_ASCII);
        if (trimmed.length > prefix.length && Arrays.equals(trimmed, 0, prefix.length, prefix, 0, prefix.length)) {
            byte[] decoded = java.util.Base64.getDecoder().decode(Arrays.copyOfRange(trimmed, prefix.length, trimmed.length));
            Arrays.fill(trimmed, (byte) 0);
            return new Secret(decoded);
        }
        return new Secret(trimmed);
    }

    /** A copy of the secret bytes; the caller should overwrite it when done. */
    public byte[] bytes() {
        return value.clone();
    }

    /** The secret as UTF-8 characters (a PIN); the caller should overwrite the array when done. */
    public char[] chars() {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        return chars;
    }

    /** Length in bytes: safe to log, used to reject weak master secrets. */
    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        return value.length;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
