package org.custos.lockbox;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key shared with the webhook's receiver. Notices are signed with HMAC-SHA256 over
 * {@code <unix seconds>.<body>} and sent with {@code Custos-Signature: t=<unix seconds>,v1=<hex>}
 * (docs/lockbox.md tells a receiver how to verify). The key never appears in {@link #toString()}.
 */
public final class WebhookSecret {
    /** Shorter keys are refused: HMAC-SHA256 wants at least as many bytes as it outputs. */
    public static final int MIN_BYTES = 32;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** The UTF-8 bytes of {@code secret}, at least {@value #MIN_BYTES} of them. */
    public static WebhookSecret of(char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] key = new byte[encoded.remaining()];
        encoded.get(key);
        Arrays.fill(encoded.array(), (byte) 0);
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("the webhook secret must be at least " + MIN_BYTES + " bytes, got "
                    + key.length);
        }
        return new WebhookSecret(key);
    }

    /** The header value for {@code body} sent at {@code unixSeconds}: {@code t=<seconds>,v1=<hex HMAC-SHA256>}. */
    String signature(long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(
                hmac((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] hmac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecret[***]";
    }
}
