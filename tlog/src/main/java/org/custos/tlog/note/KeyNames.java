package org.custos.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Key names and key IDs as the signed-note spec defines them. */
final class KeyNames {

    private KeyNames() {}

    /** A key name is non-empty UTF-8 without whitespace or '+'. */
    static void check(String name) throws MalformedNoteException {
        if (name.isEmpty()) {
            throw new MalformedNoteException("key name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new MalformedNoteException("key name contains '+', whitespace or a control character");
            }
        }
    }

    /** key ID = SHA-256(name || 0x0A || type || public key)[:4], big-endian. */
    static int keyId(String name, KeyType type, byte[] publicKey) {
        MessageDigest digest = sha256();
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(type.code());
        digest.update(publicKey);
        byte[] hash = digest.digest();
        return ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8) | (hash[3] & 0xff);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
