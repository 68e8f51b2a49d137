package org.custos.release;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** The public half of the release signing key as outsiders get it: PEM SubjectPublicKeyInfo, and its key id. */
public final class ReleaseKeys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private ReleaseKeys() {
    }

    /** {@code -----BEGIN PUBLIC KEY-----}, base64 of the DER SubjectPublicKeyInfo in 64-character lines, END. */
    public static String pem(PublicKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + END + "\n";
    }

    /**
     * Parses a PEM Ed25519 public key.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static PublicKey parsePem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("a release public key is a PEM block " + BEGIN + " ... " + END);
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the PEM block is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo: the DSSE {@code keyid}. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(Sha256Digest.digest().digest(key.getEncoded()));
    }
}
