package org.custos.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed-note verifier key, written {@code <name>+<hex key ID>+<base64(type || public key)>}. Ed25519 keys check
 * plain note signatures; cosignature/v1 keys check timestamped witness cosignatures of checkpoints.
 */
public record VerifierKey(String name, int keyId, KeyType type, byte[] publicKeyBytes, PublicKey publicKey) {

    public VerifierKey {
        publicKeyBytes = publicKeyBytes.clone();
    }

    /** Parses a verifier key string; the key ID must match the name and key it claims to identify. */
    public static VerifierKey parse(String vkey) throws MalformedNoteException {
        String text = vkey.strip();
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3) {
            throw new MalformedNoteException("a verifier key is <name>+<key id>+<key>, got " + parts.length + " parts");
        }
        KeyNames.check(parts[0]);
        if (parts[1].length() != 8) {
            throw new MalformedNoteException("key ID must be 8 hex digits");
        }
        byte[] key;
        int claimedId;
        try {
            claimedId = (int) Long.parseLong(parts[1], 16);
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("verifier key is not hex ID and base64 key", e);
        }
        if (key.length == 0) {
            throw new MalformedNoteException("verifier key has no key bytes");
        }
        KeyType type = KeyType.of(key[0]);
        byte[] raw = Arrays.copyOfRange(key, 1, key.length);
        if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new MalformedNoteException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        if (KeyNames.keyId(parts[0], type, raw) != claimedId) {
            throw new MalformedNoteException("key ID " + parts[1] + " does not match the key");
        }
        try {
            return new VerifierKey(parts[0], claimedId, type, raw, Ed25519.publicKey(raw));
        } catch (GeneralSecurityException e) {
            throw new MalformedNoteException("not a valid Ed25519 public key", e);
        }
    }

    static VerifierKey of(String name, KeyType type, PublicKey publicKey) {
        byte[] raw = Ed25519.rawPublicKey(publicKey);
        return new VerifierKey(name, KeyNames.keyId(name, type, raw), type, raw, publicKey);
    }

    @Override
    public byte[] publicKeyBytes() {
        return publicKeyBytes.clone();
    }

    /** True when this key made {@code signature} over {@code noteText} (the note body, ending in a newline). */
    public boolean verifies(byte[] noteText, byte[] signature) {
        return switch (type) {
            case ED25519 -> Ed25519.verify(publicKey, noteText, signature);
            case COSIGNATURE_V1 -> signature.length == 8 + Ed25519.SIGNATURE_SIZE
                    && Ed25519.verify(publicKey, Cosigner.signedMessage(ByteBuffer.wrap(signature).getLong(), noteText),
                            Arrays.copyOfRange(signature, 8, signature.length));
        };
    }

    /** The verifier key string. */
    public String encode() {
        byte[] key = new byte[1 + publicKeyBytes.length];
        key[0] = type.code();
        System.arraycopy(publicKeyBytes, 0, key, 1, publicKeyBytes.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.encode().equals(encode());
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
