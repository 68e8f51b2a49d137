package org.custos.app.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An opaque bearer token: 32 random bytes, base64url without padding (43 characters). Only its SHA-256 is stored,
 * so a copy of the database does not hold usable tokens; a plain hash (no salt, no stretching) suffices because
 * the token has 256 bits of entropy. {@link #toString()} never shows the token.
 */
final class BearerToken {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String SCHEME = "bearer ";

    private final String value;

    private BearerToken(String value) {
        this.value = value;
    }

    static BearerToken random(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token of an {@code Authorization: Bearer <token>} header value; empty if it is not well-formed. */
    static Optional<BearerToken> fromAuthorization(String header) {
        if (header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        return FORMAT.matcher(token).matches() ? Optional.of(new BearerToken(token)) : Optional.empty();
    }

    /** The token itself, to hand to its owner once. */
    String reveal() {
        return value;
    }

    /** What the database stores and looks up. */
    byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
