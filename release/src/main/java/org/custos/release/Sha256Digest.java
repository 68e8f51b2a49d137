package org.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest, written {@code sha256:} followed by 64 lower-case hex digits, as the log, the statement and the
 * API name artifacts, source archives and commitments.
 */
public record Sha256Digest(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "sha256:";

    public Sha256Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 lower-case hex digits");
        }
    }

    /**
     * Parses {@code sha256:<64 hex>}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Sha256Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX) || !HEX.matcher(text.substring(PREFIX.length())).matches()) {
            throw new IllegalArgumentException("a digest is written sha256: and 64 lower-case hex digits");
        }
        return new Sha256Digest(text.substring(PREFIX.length()));
    }

    public static Sha256Digest of(byte[] bytes) {
        return new Sha256Digest(HexFormat.of().formatHex(digest().digest(bytes)));
    }

    /** The digest of a file's bytes, streamed. */
    public static Sha256Digest of(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return new Sha256Digest(HexFormat.of().formatHex(digest.digest()));
    }

    /** The digest of a text's UTF-8 bytes: the commitment the log holds for text kept inside the boundary. */
    public static Sha256Digest ofText(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The release id an artifact with this digest gets: {@code rel-} and the first 16 hex digits. */
    public String releaseId() {
        return "rel-" + hex.substring(0, 16);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
